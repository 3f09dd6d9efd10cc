/** The Templates menu of the email editor: a template filled in for the contact and you, inserted at the caret. */
import { useCallback, useRef, useState } from 'react';
import type { RenderedTemplate, TemplateOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useDismiss } from '../state/hooks.js';
import { fetchAll } from '../state/session.js';
import { useT } from '../i18n/index.js';

let cache: Promise<TemplateOut[]> | null = null;
export const invalidateTemplates = () => void (cache = null);

export function TemplateMenu({
  inboxId,
  contactId,
  disabled,
  onInsert,
}: {
  inboxId: string;
  contactId: string | null;
  disabled?: boolean;
  onInsert(t: RenderedTemplate): void;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<TemplateOut[] | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, ref);

  function toggle() {
    if (open) return setOpen(false);
    setOpen(true);
    cache ??= fetchAll<TemplateOut>('/templates');
    cache.then((all) => setList(all.filter((x) => !x.inboxId || x.inboxId === inboxId))).catch(() => (cache = null));
  }
  async function choose(x: TemplateOut) {
    setOpen(false);
    try {
      onInsert(await api.get<RenderedTemplate>(`/templates/${encodeURIComponent(x.id)}/render`, { contactId }));
    } catch {
      /* toasted */
    }
  }

  return (
    <div className="menu-wrap" ref={ref}>
      <button
        type="button"
        className="btn small"
        aria-haspopup="true"
        aria-expanded={open}
        disabled={disabled}
        onMouseDown={(e) => e.preventDefault()}
        onClick={toggle}
      >
        {t('editor.templates')} ▾
      </button>
      {open && (
        <div className="menu menu-right template-menu" role="menu" aria-label={t('editor.templates')}>
          {list === null ? null : list.length === 0 ? (
            <p className="muted small" style={{ padding: '.4rem .55rem', margin: 0 }}>
              {t('editor.templatesEmpty')}
            </p>
          ) : (
            list.map((x) => (
              <button key={x.id} type="button" role="menuitem" onMouseDown={(e) => e.preventDefault()} onClick={() => void choose(x)}>
                <span>{x.name}</span>
                {x.subject && <span className="muted small"> · {x.subject}</span>}
              </button>
            ))
          )}
        </div>
      )}
    </div>
  );
}
