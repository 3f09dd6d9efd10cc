/** More actions on a conversation: move to Trash, block or unblock the sender, spam. */
import { useCallback, useRef, useState } from 'react';
import type { ContactOut, ConversationOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useDismiss } from '../state/hooks.js';
import { ForgetVisitorItem } from '../settings/chat/ForgetVisitor.js';

type Off = (allowed: boolean) => { disabled: boolean; title?: string; 'aria-describedby'?: string };

export function MoreMenu({
  conv,
  off,
  act,
}: {
  conv: ConversationOut;
  off: Off;
  act(fn: () => Promise<unknown>, done?: string): Promise<void>;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [blocked, setBlocked] = useState<boolean | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, ref);
  const path = `/conversations/${encodeURIComponent(conv.id)}`;
  const contactPath = conv.contact ? `/contacts/${encodeURIComponent(conv.contact.id)}` : null;

  function toggle() {
    setOpen((o) => !o);
    if (!open && contactPath) {
      api
        .get<ContactOut>(contactPath, {}, { quiet: [404] })
        .then((c) => setBlocked(c.blocked))
        .catch(() => setBlocked(null));
    }
  }
  const run = (fn: () => Promise<unknown>, done: string) => {
    setOpen(false);
    void act(fn, done);
  };

  return (
    <div className="menu-wrap" ref={ref}>
      <button type="button" className="btn" aria-haspopup="true" aria-expanded={open} onClick={toggle}>
        {t('more.label')} ▾
      </button>
      {open && (
        <div className="menu menu-right" role="menu" aria-label={t('more.label')}>
          <button
            type="button"
            role="menuitem"
            {...off(conv.abilities.trash)}
            onClick={() => run(() => api.post(`${path}/trash`), t('more.trashed'))}
          >
            {t('more.trash')}
          </button>
          {contactPath &&
            (blocked ? (
              <button
                type="button"
                role="menuitem"
                {...off(conv.abilities.block)}
                onClick={() => run(() => api.post(`${contactPath}/unblock`), t('more.unblocked'))}
              >
                {t('more.unblock')}
              </button>
            ) : (
              <button
                type="button"
                role="menuitem"
                {...off(conv.abilities.block)}
                onClick={() => run(() => api.post(`${contactPath}/block`), t('more.blocked'))}
              >
                {t('more.block')}
              </button>
            ))}
          <ForgetVisitorItem conv={conv} off={off} run={run} />
          {conv.folder === 'spam' ? (
            <button
              type="button"
              role="menuitem"
              {...off(conv.abilities.spam)}
              onClick={() => run(() => api.post(`${path}/not-spam`), t('conv.notSpamDone'))}
            >
              {t('conv.notSpam')}
            </button>
          ) : (
            <button
              type="button"
              role="menuitem"
              {...off(conv.abilities.spam)}
              onClick={() => run(() => api.post(`${path}/spam`), t('more.spamDone'))}
            >
              {t('more.spam')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
