/** "To … Cc …" of an incoming email, as its sender addressed it (for a forwarded mail: the original's). */
import type { EmailAddress, Recipients } from '../../common/api.js';
import { useT } from '../i18n/index.js';

const show = (a: EmailAddress) => (a.name ? `${a.name} <${a.email}>` : a.email);

export function MessageRecipients({ r }: { r: Recipients | null | undefined }) {
  const t = useT();
  if (!r || (!r.to.length && !r.cc.length)) return null;
  return (
    <p className="muted small msg-recipients" data-recipients>
      {r.to.length > 0 && <span data-to>{t('recipients.to', { list: r.to.map(show).join(', ') })}</span>}
      {r.to.length > 0 && r.cc.length > 0 && ' · '}
      {r.cc.length > 0 && <span data-cc>{t('recipients.cc', { list: r.cc.map(show).join(', ') })}</span>}
    </p>
  );
}
