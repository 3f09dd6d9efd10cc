/** A timeline line (a `system` message) in the reader's language, from the fact the server stored; older lines keep their text. */
import type { MessageOut } from '../../common/api.js';
import type { Translate } from './index.js';

export function timelineLine(t: Translate, m: Pick<MessageOut, 'text' | 'fact'>): string {
  const f = m.fact;
  if (!f) return m.text;
  if (f.kind === 'assigned') return t('timeline.assigned', { actor: f.actor, to: f.to });
  if (f.kind === 'team') return t('timeline.team', { actor: f.actor, team: f.team });
  if (f.kind === 'folder') return t(`timeline.folder.${f.move}`, { actor: f.actor });
  return t(`timeline.${f.kind}`, { actor: f.actor });
}
