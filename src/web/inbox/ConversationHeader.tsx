/** The header of an open conversation: who and what, presence, and the actions the user may take. */
import { useState } from 'react';
import type { ConversationOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useCommand } from '../state/commands.js';
import { useContact } from '../state/queries.js';
import { formatRoute, linkHandler, navigate, type Route } from '../state/route.js';
import { useToast } from '../state/toasts.js';
import { AssignMenu } from './AssignMenu.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import type { PresenceUser } from './ConversationPane.js';
import { contactLabel } from './ConversationRow.js';
import { channelLabel } from './Filters.js';
import { MoreMenu } from './MoreMenu.js';
import { usePanes } from './panes.js';

type InboxRoute = Extract<Route, { page: 'inbox' }> & { inboxId: string };

export function ConversationHeader(props: {
  conv: ConversationOut;
  route: InboxRoute;
  presence: PresenceUser[];
  onChanged(c: ConversationOut): void;
  onReload(): void;
  /** Opens the find bar of the thread. */
  onFind(): void;
}) {
  const { conv, route, presence } = props;
  const t = useT();
  const toast = useToast();
  const ab = conv.abilities;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const panes = usePanes();
  // In Filtered because the sender is blocked: one action unblocks and brings it back.
  const senderBlocked = useContact(conv.folder === 'filtered' ? (conv.contact?.id ?? null) : null).data?.blocked ?? false;
  const listHref = formatRoute({ ...route, convId: null });
  const path = `/conversations/${encodeURIComponent(conv.id)}`;

  async function act(fn: () => Promise<unknown>, done?: string) {
    try {
      const res = await fn();
      if (res && typeof res === 'object' && 'abilities' in res) props.onChanged(res as ConversationOut);
      else props.onReload();
      if (done) toast(done);
    } catch {
      /* toasted */
    }
  }

  const closed = conv.status === 'closed';
  const toggleClose = () =>
    act(() => api.patch(path, { status: closed ? 'open' : 'closed' }), closed ? t('conv.reopened') : t('conv.closed'));
  useCommand('close', () => ab.close && conv.folder !== 'trash' && void toggleClose());

  async function deleteForever() {
    try {
      await api.del(path);
      setConfirmDelete(false);
      toast(t('conv.deleted'));
      navigate(formatRoute({ ...route, convId: null }));
    } catch {
      /* toasted */
    }
  }

  // Teammates and the chat's visitor are told apart: a visitor is not "also viewing" with the team.
  const isVisitor = (p: PresenceUser) => p.id.startsWith('visitor:');
  const viewing = presence.filter((p) => p.state === 'viewing' && !isVisitor(p));
  const typing = presence.filter((p) => p.state === 'typing' && !isVisitor(p));
  const visitor = presence.find(isVisitor);
  const visitorName = contactLabel(conv.contact, t, conv.contactErased);
  const reasonId = `reason-${conv.id}`;
  const off = (allowed: boolean) => ({
    disabled: !allowed,
    'aria-describedby': !allowed && ab.reason ? reasonId : undefined,
    title: !allowed ? (ab.reason ?? undefined) : undefined,
  });

  return (
    <header className="conv-head">
      {panes.phone && (
        <nav className="pane-nav" aria-label={t('conv.label')}>
          <a className="btn small" href={listHref} onClick={linkHandler(listHref)}>
            ← {t('conv.backToList')}
          </a>
          <button type="button" className="btn small" data-pane-contact onClick={panes.showContact}>
            {t('phone.contact')} →
          </button>
        </nav>
      )}
      <div className="conv-title">
        <h2>{conv.subject || contactLabel(conv.contact, t, conv.contactErased)}</h2>
        <p className="muted">
          {contactLabel(conv.contact, t, conv.contactErased)}
          {conv.contact?.email && conv.contact.name ? ` <${conv.contact.email}>` : ''} · {t(channelLabel[conv.channel])} ·{' '}
          <span className={`chip chip-${conv.status}`}>{t(closed ? 'status.closed' : 'status.open')}</span>
          {conv.folder !== 'inbox' && <span className="chip chip-folder">{t(`folder.${conv.folder}`)}</span>}
        </p>
        <div className="presence" aria-live="polite">
          {visitor && (
            <span className={visitor.state === 'typing' ? 'presence-visitor-typing' : 'presence-visitor'}>
              {t(visitor.state === 'typing' ? 'presence.visitorTyping' : 'presence.visitorHere', { name: visitorName })}
            </span>
          )}
          {typing.length > 0 && (
            <span className="presence-typing">{t('presence.typing', { names: typing.map((p) => p.name).join(', ') })}</span>
          )}
          {viewing.length > 0 && (
            <span className="presence-viewing">{t('presence.viewing', { names: viewing.map((p) => p.name).join(', ') })}</span>
          )}
        </div>
      </div>
      <div className="conv-actions" role="toolbar" aria-label={t('conv.actions')}>
        <button type="button" className="btn" aria-label={t('find.label')} onClick={props.onFind}>
          {t('find.open')}
        </button>
        {conv.folder === 'trash' ? (
          <>
            <button
              type="button"
              className="btn"
              {...off(ab.trash)}
              onClick={() => act(() => api.post(`${path}/restore`), t('conv.restored'))}
            >
              {t('conv.restore')}
            </button>
            <button type="button" className="btn danger" {...off(ab.delete)} onClick={() => setConfirmDelete(true)}>
              {t('conv.deleteForever')}
            </button>
          </>
        ) : (
          <>
            <AssignMenu conv={conv} disabledProps={off(ab.assign)} onAssigned={props.onChanged} />
            {conv.folder === 'filtered' &&
              (senderBlocked ? (
                <button
                  type="button"
                  className="btn"
                  {...off(ab.block)}
                  onClick={() => act(() => api.post(`${path}/unblock-sender`), t('conv.unblockDone'))}
                >
                  {t('more.unblock')}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn"
                  {...off(ab.block)}
                  onClick={() => act(() => api.post(`${path}/release`), t('conv.releaseDone'))}
                >
                  {t('conv.release')}
                </button>
              ))}
            {conv.folder === 'spam' && (
              <button
                type="button"
                className="btn"
                {...off(ab.spam)}
                onClick={() => act(() => api.post(`${path}/not-spam`), t('conv.notSpamDone'))}
              >
                {t('conv.notSpam')}
              </button>
            )}
            <button
              type="button"
              className={`btn${closed ? '' : ' primary'}`}
              {...off(ab.close)}
              onClick={() => void toggleClose()}
              aria-keyshortcuts="e"
            >
              {closed ? t('conv.reopen') : `✓ ${t('conv.close')}`}
            </button>
            <MoreMenu conv={conv} off={off} act={act} />
          </>
        )}
      </div>
      {ab.reason && !(ab.reply && ab.assign && ab.close) && (
        <p className="notice" id={reasonId} role="note">
          {t('conv.readOnly', { reason: ab.reason })}
        </p>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={t('conv.deleteForeverTitle')}
          text={t('conv.deleteForeverText')}
          confirmLabel={t('conv.deleteForever')}
          onConfirm={deleteForever}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </header>
  );
}
