/**
 * An empty inbox's getting-started panel (instead of "Nothing here"): the forwarding address with a Copy
 * button, and for admins the first steps (connect a mailbox, install the chat widget, invite the team), each
 * ticked off when the server sees it done. "Hide this" is remembered per user and inbox in this browser
 * (localStorage), like the collapsed panels.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { GettingStartedOut, GettingStartedStepKey } from '../../common/api.js';
import { api } from '../api/http.js';
import { stream } from '../api/stream.js';
import { useT, type MessageKey } from '../i18n/index.js';
import { linkHandler } from '../state/route.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { chatWizardHref, mailboxHref, usersHref } from '../settings/links.js';
import './getting-started.css';

const key = (inboxId: string) => ['getting-started', inboxId] as const;

/** The checklist, fetched again when something it reflects may have changed (a channel, a user, a first conversation). */
export function useGettingStarted(inboxId: string, enabled: boolean) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    return stream.subscribe((msg) => {
      if (msg.type !== 'event') return;
      if (/^(user|inbox|channel)\.|^conversation\.created$/.test(msg.event)) void qc.invalidateQueries({ queryKey: key(inboxId) });
    });
  }, [qc, inboxId, enabled]);
  return useQuery({
    queryKey: key(inboxId),
    queryFn: () => api.get<GettingStartedOut>(`/inboxes/${encodeURIComponent(inboxId)}/getting-started`),
    enabled,
  });
}

const hiddenKey = (userId: string) => `switchboard.gettingStarted.hidden.${userId}`;

/** Whether this user hid the panel of this inbox, and how to hide it. */
export function useHiddenStart(inboxId: string): [boolean, () => void] {
  const { me } = useSession();
  const read = () => {
    try {
      return (JSON.parse(localStorage.getItem(hiddenKey(me.id)) ?? '[]') as string[]).includes(inboxId);
    } catch {
      return false;
    }
  };
  const [hidden, setHidden] = useState(read);
  useEffect(() => setHidden(read()), [inboxId, me.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const hide = () => {
    let ids: string[] = [];
    try {
      ids = JSON.parse(localStorage.getItem(hiddenKey(me.id)) ?? '[]') as string[];
    } catch {
      /* a damaged entry is replaced */
    }
    localStorage.setItem(hiddenKey(me.id), JSON.stringify([...new Set([...ids, inboxId])].slice(-100)));
    setHidden(true);
  };
  return [hidden, hide];
}

const steps: Record<GettingStartedStepKey, { title: MessageKey; text: MessageKey; href: (inboxId: string) => string }> = {
  mailbox: { title: 'start.mailbox', text: 'start.mailboxText', href: mailboxHref },
  chat: { title: 'start.chat', text: 'start.chatText', href: chatWizardHref },
  team: { title: 'start.team', text: 'start.teamText', href: usersHref },
};

/** Copies the address; says so next to the button (and in a toast), or asks to copy by hand. */
export function CopyAddress({ address }: { address: string }) {
  const t = useT();
  const toast = useToast();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const at = Math.max(0, address.lastIndexOf('@'));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(address);
      setCopied('yes');
      toast(t('start.copied'));
    } catch {
      setCopied('no');
    }
  };
  return (
    <div className="start-address">
      <code aria-label={t('start.address')}>
        {/* Broken, if it must be, before the @ and not at a hyphen of the name. */}
        <span>{address.slice(0, at)}</span>
        <wbr />
        <span>{address.slice(at)}</span>
      </code>
      <button type="button" className="btn small" onClick={() => void copy()}>
        {t('start.copy')}
      </button>
      <span className="start-copied" role="status">
        {copied === 'yes' ? `✓ ${t('start.copied')}` : copied === 'no' ? t('start.copyByHand') : ''}
      </span>
    </div>
  );
}

export function GettingStarted({ data, inboxName, onHide }: { data: GettingStartedOut; inboxName: string; onHide(): void }) {
  const t = useT();
  const done = data.steps.filter((s) => s.done).length;
  return (
    <section className="getting-started" aria-labelledby="start-title">
      <h2 id="start-title">{t('start.title', { inbox: inboxName })}</h2>
      <p>{t('start.intro')}</p>
      <CopyAddress address={data.fallbackAddress} />
      {data.steps.length > 0 ? (
        <>
          <p className="start-progress muted">{t('start.progress', { done, total: data.steps.length })}</p>
          <ul className="start-steps" aria-label={t('start.steps')}>
            {data.steps.map((s) => {
              const d = steps[s.key];
              const href = d.href(data.inboxId);
              return (
                <li key={s.key} className={s.done ? 'done' : undefined} data-step={s.key}>
                  <span className="start-tick" aria-hidden="true">
                    {s.done ? '✓' : ''}
                  </span>
                  <div>
                    <a href={href} onClick={linkHandler(href)}>
                      {t(d.title)}
                    </a>
                    <span className="sr-only">, {s.done ? t('start.done') : t('start.todo')}</span>
                    <p className="muted">{s.key === 'chat' && s.started && !s.done ? t('start.chatWaiting') : t(d.text)}</p>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p className="muted">{t('start.agentText')}</p>
      )}
      <button type="button" className="btn small start-hide" onClick={onHide}>
        {t('start.hide')}
      </button>
    </section>
  );
}
