/**
 * "Forget this visitor" in a website chat's More menu: the visitor's browser loses access to the
 * conversation (its token is revoked and the widget starts over); the conversation stays here.
 */
import type { ConversationOut } from '../../../common/api.js';
import { api } from '../../api/http.js';
import { useT } from '../../i18n/index.js';
import { MenuItem } from '../../ui/Menu.js';

type Off = (allowed: boolean) => { disabled: boolean; title?: string; 'aria-describedby'?: string };

export function ForgetVisitorItem({
  conv,
  off,
  run,
}: {
  conv: ConversationOut;
  off: Off;
  run(fn: () => Promise<unknown>, done: string): void;
}) {
  const t = useT();
  if (conv.channel !== 'chat') return null;
  return (
    <MenuItem
      {...off(conv.abilities.assign)}
      title={t('chat.forgetHint')}
      onSelect={() => run(() => api.post(`/conversations/${encodeURIComponent(conv.id)}/forget-visitor`, {}), t('chat.forgotten'))}
    >
      {t('chat.forget')}
    </MenuItem>
  );
}
