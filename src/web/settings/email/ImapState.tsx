/** A connected mailbox's state on its row, in words: connected, connecting, not connected with the last error's class and when. */
import type { EmailChannelState } from '../../../common/api.js';
import { formatDateTime, isMessageKey, mailErrorKey, useI18n } from '../../i18n/index.js';

export function ImapState({ imap }: { imap: NonNullable<EmailChannelState['imap']> }) {
  const { t, locale } = useI18n();
  const stateKey = `mailbox.state.${imap.state}`;
  const words = isMessageKey(stateKey) ? t(stateKey) : t('mailbox.stateOther', { state: imap.state });
  const connected = ['connected', 'idle', 'syncing'].includes(imap.state);
  const errorKey = imap.lastErrorKind ? mailErrorKey(imap.lastErrorKind) : null;
  return (
    <div className="imap-state">
      <span className={`chip ${imap.state === 'error' ? 'chip-failed' : connected ? 'chip-connected' : ''}`} data-imap-state={imap.state}>
        {words}
      </span>
      {imap.lastError && (
        <div className="muted small" role="status">
          {t('mailbox.lastError', {
            error: errorKey ? t(errorKey) : imap.lastError,
            time: imap.lastErrorAt ? formatDateTime(imap.lastErrorAt, locale) : '',
          })}
          {imap.state === 'error' && <div>{t('mailbox.retrying')}</div>}
        </div>
      )}
    </div>
  );
}
