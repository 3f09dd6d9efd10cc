/**
 * Email channels of every inbox: address, how replies leave (or why they are held), IMAP state and last error, on/off, role addresses;
 * "Connect a mailbox (IMAP)" and a mailbox's settings (`MailboxDialog`), opened from the address too: `/settings/inboxes#imap`
 * (`#imap-<inboxId>`: for that inbox).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOut } from '../../../common/api.js';
import { api, errorMessage } from '../../api/http.js';
import { useT } from '../../i18n/index.js';
import { Table } from '../../ui/Table.js';
import { linkHandler } from '../../state/route.js';
import { fetchAll, useSession } from '../../state/session.js';
import { useToast } from '../../state/toasts.js';
import { ChannelOptions } from './ChannelOptions.js';
import { HeldMailProgress } from './HeldMailProgress.js';
import { EmailIdentity } from './EmailIdentity.js';
import { useHash } from '../../state/route.js';
import { ImapState } from './ImapState.js';
import { MailboxDialog } from './MailboxDialog.js';
import './email-settings.css';

type MailboxEdit = { channel: ChannelOut | null; inboxId?: string };

export function EmailSettings() {
  const t = useT();
  const { inboxes, isAdmin } = useSession();
  const [channels, setChannels] = useState<ChannelOut[] | null>(null);
  const [mailbox, setMailbox] = useState<MailboxEdit | null>(null);
  const hash = useHash();
  useEffect(() => {
    if (hash === 'imap' || hash.startsWith('imap-')) setMailbox({ channel: null, inboxId: hash.slice('imap-'.length) || undefined });
  }, [hash]);
  const closeMailbox = () => {
    setMailbox(null);
    // Leaves the address without #imap, so a reload does not open the form again (and a link to it opens it).
    if (location.hash.startsWith('#imap')) {
      history.replaceState(null, '', location.pathname + location.search);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  };
  const load = useCallback(async () => {
    const all = await Promise.all(inboxes.map((i) => fetchAll<ChannelOut>(`/inboxes/${encodeURIComponent(i.id)}/channels`)));
    const email = all.flat().filter((c) => c.kind === 'email');
    setChannels(await Promise.all(email.map((c) => api.get<ChannelOut>(`/channels/${encodeURIComponent(c.id)}`))));
  }, [inboxes]);
  useEffect(() => {
    void load();
    // The IMAP state changes on its own: refresh while the page is open.
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);
  if (!channels) return null;
  return (
    <section aria-labelledby="email-title" className="email-settings" id="imap">
      <header className="settings-head">
        <h2 id="email-title">{t('email.title')}</h2>
        {isAdmin && (
          <button type="button" className="btn primary" onClick={() => setMailbox({ channel: null })}>
            {t('mailbox.connect')}
          </button>
        )}
      </header>
      <Table columns={[t('email.inbox'), t('email.address'), t('email.receiving'), t('email.sending'), t('email.status')]}>
        {channels.map((c) => (
          <ChannelRow
            key={c.id}
            c={c}
            inboxName={inboxes.find((i) => i.id === c.inboxId)?.name ?? ''}
            onChanged={(n) => setChannels((cs) => cs?.map((x) => (x.id === n.id ? n : x)) ?? null)}
            onEditMailbox={() => setMailbox({ channel: c })}
          />
        ))}
      </Table>
      {mailbox && (
        <MailboxDialog
          channel={mailbox.channel}
          inboxId={mailbox.inboxId}
          onClose={closeMailbox}
          onSaved={(saved) =>
            setChannels((cs) =>
              cs?.some((x) => x.id === saved.id) ? cs.map((x) => (x.id === saved.id ? saved : x)) : [...(cs ?? []), saved],
            )
          }
        />
      )}
    </section>
  );
}

function ChannelRow({
  c,
  inboxName,
  onChanged,
  onEditMailbox,
}: {
  c: ChannelOut;
  inboxName: string;
  onChanged(c: ChannelOut): void;
  onEditMailbox(): void;
}) {
  const t = useT();
  const toast = useToast();
  // A refusal shows beside what was changed: the on/off switch in the row, or an option under it.
  const [error, setError] = useState<{ at: 'row' | 'options'; text: string } | null>(null);
  const patch = (at: 'row' | 'options') => async (body: Record<string, unknown>) => {
    try {
      onChanged(await api.patch<ChannelOut>(`/channels/${encodeURIComponent(c.id)}`, body));
      setError(null);
      toast(t('email.saved'));
    } catch (e) {
      setError({ at, text: errorMessage(e) });
    }
  };
  const e = c.email;
  return (
    <>
      <tr data-channel={c.id} className="channel-row">
        <td>
          {inboxName}
          <div className="muted small">{c.name}</div>
        </td>
        <td className="mono channel-address">
          <Address address={c.address} />
        </td>
        <td>
          {e?.imap ? <ImapState imap={e.imap} /> : t('email.receivingSmtp')}
          {!!e?.heldIncoming && <div className="muted small">{t('email.heldIncoming', { n: e.heldIncoming })}</div>}
          <HeldMailProgress channelId={c.id} progress={e?.heldReplay} />
        </td>
        <td>
          {e?.sending === 'held' || e?.sending === 'off' ? (
            <>
              <span className="chip chip-failed" role="status">
                {t(e.sending === 'off' ? 'email.sendingOff' : 'email.sendingHeld')}
              </span>{' '}
              <a href="/settings/outgoing-email" onClick={linkHandler('/settings/outgoing-email')}>
                {t('outgoing.link')}
              </a>
            </>
          ) : e?.sending === 'smtp' ? (
            t('email.sendingSmtp')
          ) : (
            t('email.sendingRelay')
          )}
        </td>
        <td>
          <div className="row-actions channel-actions">
            <span className="chip">{c.status === 'on' ? t('email.on') : t('email.off')}</span>
            <button type="button" className="btn small" onClick={() => void patch('row')({ status: c.status === 'on' ? 'off' : 'on' })}>
              {c.status === 'on' ? t('email.switchOff') : t('email.switchOn')}
            </button>
            {e?.imap && (
              <button
                type="button"
                className="btn small"
                aria-label={t('mailbox.editNamed', { address: c.address ?? c.name })}
                onClick={onEditMailbox}
              >
                {t('mailbox.edit')}
              </button>
            )}
          </div>
          {error?.at === 'row' && <div className="field-error small">{error.text}</div>}
        </td>
      </tr>
      <tr className="identity-row">
        <td colSpan={5}>
          <ChannelOptions
            c={c}
            patch={patch('options')}
            error={error?.at === 'options' ? error.text : null}
            onError={(text) => setError(text ? { at: 'options', text } : null)}
          />
          <EmailIdentity c={c} onChanged={onChanged} />
        </td>
      </tr>
    </>
  );
}

/** An address that may wrap after its "@" when the column is narrow, not inside a word. */
function Address({ address }: { address: string | null }) {
  const at = address?.lastIndexOf('@') ?? -1;
  if (!address || at < 0) return <>{address}</>;
  return (
    <>
      {address.slice(0, at)}
      <wbr />@{address.slice(at + 1)}
    </>
  );
}
