/** Where a visitor's chat lives: message ids carry the visitor key, so the key finds its conversation and history. */
import { prepared } from '../../db/prepared.js';
import type { VisitorMessage } from '../../../common/chat-contract.js';
import { decodeJson } from '../../db/json.js';
import type { MessagesTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { visitorMayReadConversation, visitorMaySeeMessage, type VisitorActor } from '../../permissions/policy.js';

export type { VisitorMessage };

export type AgentInfo = { name: string | null; avatarUrl: string | null; meetingLink: string | null };

export const externalIdFor = (key: string, cid: string) => `chat:${key}:${cid}`;
export const prefixOf = (key: string) => `chat:${key}:`;
/** `;` sorts right after `:`: the range [prefix, end) holds exactly the ids that start with prefix. */
export const prefixEnd = (key: string) => `chat:${key};`;

export function visitorKeyOf(externalId: string | null): string | null {
  const m = /^chat:([uv]:[A-Za-z0-9_-]+):/.exec(externalId ?? '');
  return m ? m[1]! : null;
}

export function toVisitorMessage(
  m: Pick<MessagesTable, 'id' | 'kind' | 'text' | 'external_id' | 'created_at' | 'author_bot' | 'buttons' | 'input_hint'>,
  agent: AgentInfo | null,
): VisitorMessage {
  const incoming = m.kind === 'incoming';
  if (incoming)
    return { id: m.id, clientId: m.external_id?.split(':').pop() ?? null, from: 'visitor', text: m.text, author: null, at: m.created_at };
  return {
    id: m.id,
    clientId: null,
    from: 'agent',
    text: m.text,
    author: m.author_bot ?? agent?.name ?? null,
    ...(m.buttons ? { buttons: decodeJson<{ label: string }[]>(m.buttons, []).map((b) => b.label) } : {}),
    ...(m.input_hint ? { input: m.input_hint } : {}),
    avatarUrl: agent?.avatarUrl ?? null,
    meetingLink: agent?.meetingLink ?? null,
    at: m.created_at,
  };
}

/** The visitor's conversation on this channel (the newest one it wrote in), or null. */
export async function conversationOf(ctx: Ctx, channelId: string, key: string): Promise<string | null> {
  const r = await ctx.db.kysely
    .selectFrom('messages')
    .select('conversation_id')
    .where('channel_id', '=', channelId)
    .where('external_id', '>=', prefixOf(key))
    .where('external_id', '<', prefixEnd(key))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.conversation_id ?? null;
}

/** Whose conversation this is: the visitor key in its first chat message's id. */
export async function visitorOfConversation(ctx: Ctx, conversationId: string): Promise<string | null> {
  const r = (await firstChatMessage(ctx.db, ctx.db.kysely, [conversationId])).rows[0];
  return visitorKeyOf(r?.external_id ?? null);
}
// Prepared (prepared.ts): read for every message pushed to a visitor.
const firstChatMessage = prepared((k, $) =>
  k
    .selectFrom('messages')
    .select('external_id')
    .where('conversation_id', '=', $(0))
    .where('kind', '=', 'incoming')
    .where('external_id', 'like', 'chat:%')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1),
);

export async function history(ctx: Ctx, v: VisitorActor, conversationId: string): Promise<VisitorMessage[]> {
  const conv = await ctx.db.kysely.selectFrom('conversations').select(['channel_id']).where('id', '=', conversationId).executeTakeFirst();
  if (!conv || !visitorMayReadConversation(v, { channelId: conv.channel_id, visitorKey: await visitorOfConversation(ctx, conversationId) }))
    return [];
  const rows = await ctx.db.kysely
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.author_user_id')
    .select([
      'messages.id',
      'messages.kind',
      'messages.text',
      'messages.external_id',
      'messages.created_at',
      'messages.author_bot',
      'messages.buttons',
      'messages.input_hint',
      'users.name as author',
      'users.avatar_url',
      'users.meeting_link',
    ])
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.kind', 'in', ['incoming', 'reply'])
    .orderBy('messages.id', 'desc')
    .limit(200)
    .execute();
  return rows
    .reverse()
    .filter(visitorMaySeeMessage)
    .map((m) => toVisitorMessage(m, { name: m.author, avatarUrl: m.avatar_url, meetingLink: m.meeting_link }));
}
