/**
 * Timeline lines (`system` messages), routing reasons and default ticket stages in the reader's language, from the
 * facts and keys the server stores; older lines (no fact) and stages an admin named keep their text.
 */
import type { MessageOut } from '../../common/api.js';
import type { TicketStageKey } from '../../common/crm-api.js';
import type { RoutingFact, RoutingSkip } from '../../common/timeline.js';
import type { Translate } from './index.js';

const why = (t: Translate, s: RoutingSkip) => t(`routed.why.${s.why}`, { minutes: s.minutes ?? 0 });

/** Why routing gave the conversation to someone (or no one), e.g. "Round robin among Support: given to Ana; skipped Ben (away)". */
export function routingLine(t: Translate, f: RoutingFact): string {
  const parts: string[] = [];
  if (f.awayAssignee) parts.push(t('routed.awayAssignee', { name: f.awayAssignee }));
  const o = f.owner;
  let note: string | null = null;
  if (o?.outcome === 'given') parts.push(t('routed.owner.given', { name: o.name }));
  else if (o?.outcome === 'none') note = t('routed.owner.none');
  else if (o) note = t('routed.owner.cannot', { name: o.name, why: why(t, o) });
  const rr = f.roundRobin;
  if (note) parts.push(t(rr ? 'routed.note.then' : 'routed.note.unassigned', { note }));
  if (rr) {
    const group = rr.group.join(', ') || t('routed.noOne');
    const line = rr.to ? t('routed.roundRobin.given', { group, to: rr.to }) : t('routed.roundRobin.none', { group });
    const list = rr.skipped.map((s) => t('routed.skip', { name: s.name, why: why(t, s) })).join(', ');
    parts.push(rr.skipped.length ? line + t('routed.skipped', { count: rr.skipped.length, list }) : line);
  }
  return parts.join(' ');
}

export function timelineLine(t: Translate, m: Pick<MessageOut, 'text' | 'fact'>): string {
  const f = m.fact;
  if (!f) return m.text;
  if (f.kind === 'routing') return routingLine(t, f);
  if (f.kind === 'ticket_created') return t('timeline.ticket_created', { title: f.title });
  if (f.kind === 'file_not_fetched') return t(`timeline.file_not_fetched.${f.why}`);
  if (f.kind === 'email_left') return t('timeline.email_left', { email: f.email });
  if (f.kind === 'follows_up') return t('timeline.follows_up', { id: f.conversationId });
  if (f.kind === 'bot_started') return t('timeline.bot_started', { bot: f.bot });
  if (f.kind === 'bot_ended') return t(`timeline.bot_ended.${f.reason}`, { bot: f.bot, actor: f.actor ?? '' });
  if (f.kind === 'assigned') return t('timeline.assigned', { actor: f.actor, to: f.to });
  if (f.kind === 'team') return t('timeline.team', { actor: f.actor, team: f.team });
  if (f.kind === 'folder') return t(`timeline.folder.${f.move}`, { actor: f.actor });
  return t(`timeline.${f.kind}`, { actor: f.actor });
}

/** A ticket stage's name: a default stage (with a key) in the reader's language, an admin's own as named. */
export function stageName(t: Translate, s: { name: string; key: TicketStageKey | null }): string {
  return s.key ? t(`stage.${s.key}`) : s.name;
}
