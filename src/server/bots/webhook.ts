/**
 * A chatflow's webhook step: the conversation's contact and last answer POSTed, signed as outgoing
 * webhooks are, to the step's URL (checked like theirs: no private address unless allowed). Its JSON
 * answer `{properties?, branch?}` may set contact properties and choose a branch; anything else, or
 * no answer within the time, goes on by the step's `next`.
 */
import { z } from 'zod';
import { propertyKey, type ChatflowStep } from '../../common/chatflow.js';
import { decodeJson } from '../db/json.js';
import type { Ctx } from '../domain/context.js';
import { newId } from '../domain/ids.js';
import { webhookHeaders } from '../domain/webhook-signing.js';
import { postChecked } from '../webhook-target.js';

const TIMEOUT_MS = 5000;
const Answer = z.object({
  properties: z.record(propertyKey, z.string().max(500)).optional(),
  branch: z.string().max(40).optional(),
});

export async function callFlowWebhook(
  ctx: Ctx,
  step: Extract<ChatflowStep, { type: 'webhook' }>,
  conversationId: string,
): Promise<{ properties: Record<string, string>; branch: string | null } | null> {
  const k = ctx.db.kysely;
  const row = await k
    .selectFrom('bot_sessions as s')
    .innerJoin('chatflows as f', 'f.id', 's.chatflow_id')
    .innerJoin('conversations as c', 'c.id', 's.conversation_id')
    .leftJoin('contacts as p', 'p.id', 'c.contact_id')
    .select(['f.webhook_secret', 's.answer', 'c.inbox_id', 'p.id as contact_id', 'p.name', 'p.email', 'p.phone', 'p.properties'])
    .where('s.conversation_id', '=', conversationId)
    .executeTakeFirst();
  if (!row) return null;
  const body = JSON.stringify({
    type: 'chatflow.step',
    stepId: step.id,
    conversationId,
    inboxId: row.inbox_id,
    answer: row.answer,
    contact: row.contact_id
      ? { id: row.contact_id, name: row.name, email: row.email, phone: row.phone, properties: decodeJson(row.properties ?? '{}', {}) }
      : null,
  });
  try {
    const headers = webhookHeaders([row.webhook_secret], `msg_${newId()}`, Math.floor(Date.now() / 1000), body);
    const r = await postChecked(step.url, !!ctx.mail.allowPrivateWebhooks, {
      headers: { ...headers, 'content-type': 'application/json' },
      body,
      timeoutMs: TIMEOUT_MS,
      excerpt: 20_000,
    });
    if (r.status < 200 || r.status >= 300) return null;
    const parsed = Answer.safeParse(JSON.parse(r.excerpt || '{}'));
    if (!parsed.success) return null;
    const properties = Object.fromEntries(Object.entries(parsed.data.properties ?? {}).slice(0, 20));
    return { properties, branch: parsed.data.branch ?? null };
  } catch {
    return null;
  }
}
