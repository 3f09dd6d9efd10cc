/** A conversation a chatflow holds: agents watch, and take over at any moment (or simply reply). */
import { useState } from 'react';
import type { ConversationOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import './bot-banner.css';

export function BotBanner({ conv, onChanged }: { conv: ConversationOut; onChanged(c: ConversationOut): void }) {
  const t = useT();
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  if (!conv.isBot) return null;
  const takeOver = async () => {
    setBusy(true);
    try {
      onChanged(await api.patch<ConversationOut>(`/conversations/${encodeURIComponent(conv.id)}`, { assigneeId: me.id }));
    } catch {
      /* toasted */
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bot-banner" role="status">
      <span>{t('chat.bot.holding')}</span>
      {conv.abilities.assign && (
        <button type="button" className="btn small primary" disabled={busy} onClick={() => void takeOver()}>
          {t('chat.bot.takeOver')}
        </button>
      )}
    </div>
  );
}
