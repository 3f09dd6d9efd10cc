/** The wizard's audience step: who sees the chat; for known contacts with a property, which property and value. */
import { useEffect, useState } from 'react';
import { AUDIENCES } from '../../../common/chat-contract.js';
import { api } from '../../api/http.js';
import { useT } from '../../i18n/index.js';
import type { Draft } from './draft.js';

export function ChatAudience({ d, set }: { d: Draft; set(p: Partial<Draft>): void }) {
  const t = useT();
  const [keys, setKeys] = useState<string[] | null>(null);
  const byProperty = d.audience === 'property';
  useEffect(() => {
    if (!byProperty || keys) return;
    void api.get<{ items: string[] }>('/contacts/properties').then((r) => setKeys(r.items));
  }, [byProperty, keys]);
  // A property saved earlier stays choosable even when no contact has it any more.
  const choices = keys && d.propertyKey && !keys.includes(d.propertyKey) ? [d.propertyKey, ...keys] : keys;
  return (
    <>
      <fieldset>
        <legend>{t('chat.audience')}</legend>
        {AUDIENCES.map((v) => (
          <label className="inline" key={v}>
            <input type="radio" name="audience" checked={d.audience === v} onChange={() => set({ audience: v })} />{' '}
            {t(`chat.audience.${v}`)}
          </label>
        ))}
      </fieldset>
      {byProperty && choices && (
        <fieldset className="chat-property">
          <legend>{t('chat.propertyLegend')}</legend>
          {choices.length === 0 && <p className="muted">{t('chat.propertyNone')}</p>}
          <div className="field">
            <label htmlFor="chat-wiz-property">{t('chat.property')}</label>
            {/* The names in use are offered; one only older contacts have can be typed. */}
            <input
              id="chat-wiz-property"
              list="chat-wiz-property-names"
              value={d.propertyKey}
              maxLength={200}
              autoComplete="off"
              onChange={(e) => set({ propertyKey: e.target.value })}
            />
            <datalist id="chat-wiz-property-names">
              {choices.map((k) => (
                <option key={k} value={k} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="chat-wiz-property-value">{t('chat.propertyValue')}</label>
            <input
              id="chat-wiz-property-value"
              value={d.propertyValue}
              maxLength={2000}
              onChange={(e) => set({ propertyValue: e.target.value })}
            />
          </div>
          <small className="muted">{t('chat.propertyHint')}</small>
        </fieldset>
      )}
    </>
  );
}
