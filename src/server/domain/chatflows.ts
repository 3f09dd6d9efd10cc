/**
 * Chatflows (F-CHAT.6), the admin side: a chat or Messenger channel's flows, each a draft and its
 * published versions. Publishing freezes the draft as a new version; conversations keep the
 * version they started with.
 */
import { ChatflowDefinition, flowProblems, type ChatflowOut, type ChatflowUpdate } from '../../common/chatflow.js';
import { decodeJson, encodeJson } from '../db/json.js';
import type { ChatflowsTable } from '../db/schema-chatflows.js';
import { authorizeChannelSettings, type Actor } from '../permissions/policy.js';
import { write, type Ctx } from './context.js';
import { invalid, notFound } from './errors.js';
import { newId } from './ids.js';
import { newWebhookSecret } from './webhook-signing.js';
import { BOT_CHANNEL_KINDS } from './bot-sessions.js';

export const MAX_FLOWS_PER_CHANNEL = 20;

function present(f: ChatflowsTable): ChatflowOut {
  const draft = decodeJson<ChatflowDefinition>(f.draft, {
    name: f.name,
    botName: 'Bot',
    trigger: { when: 'always', pages: [] },
    steps: [],
  });
  return {
    id: f.id,
    channelId: f.channel_id,
    name: f.name,
    draft,
    problems: draft.steps.length ? flowProblems(draft) : [],
    publishedVersion: f.published_version,
    enabled: !!f.enabled,
    webhookSecret: f.webhook_secret,
    createdAt: f.created_at,
    updatedAt: f.updated_at,
  };
}

/** A chat or Messenger channel whose settings the actor may change; anything else: 404. */
async function botChannel(ctx: Ctx, actor: Actor, channelId: string) {
  const c = await ctx.db.kysely.selectFrom('channels').select(['id', 'inbox_id', 'kind']).where('id', '=', channelId).executeTakeFirst();
  if (!c || !BOT_CHANNEL_KINDS.includes(c.kind)) throw notFound('Channel not found');
  authorizeChannelSettings(actor, c.inbox_id);
  return c;
}

async function flowFor(ctx: Ctx, actor: Actor, id: string): Promise<ChatflowsTable> {
  const f = await ctx.db.kysely.selectFrom('chatflows').selectAll().where('id', '=', id).executeTakeFirst();
  if (!f) throw notFound('Chatflow not found');
  try {
    await botChannel(ctx, actor, f.channel_id);
  } catch (e) {
    if ((e as { code?: string }).code === 'not_found') throw notFound('Chatflow not found');
    throw e;
  }
  return f;
}

export async function listChatflows(ctx: Ctx, actor: Actor, channelId: string): Promise<ChatflowOut[]> {
  await botChannel(ctx, actor, channelId);
  const rows = await ctx.db.kysely
    .selectFrom('chatflows')
    .selectAll()
    .where('channel_id', '=', channelId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(MAX_FLOWS_PER_CHANNEL)
    .execute();
  return rows.map(present);
}

export async function createChatflow(ctx: Ctx, actor: Actor, channelId: string, def: ChatflowDefinition): Promise<ChatflowOut> {
  await botChannel(ctx, actor, channelId);
  const row = await write(ctx, async (w) => {
    const n = await w.trx
      .selectFrom('chatflows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_FLOWS_PER_CHANNEL)
      throw invalid('name', `a channel can have up to ${MAX_FLOWS_PER_CHANNEL} chatflows`, 'invalid');
    const f: ChatflowsTable = {
      id: newId(),
      channel_id: channelId,
      name: def.name,
      draft: encodeJson(def),
      published_version: null,
      enabled: 1,
      webhook_secret: newWebhookSecret(),
      created_at: w.at,
      updated_at: w.at,
    };
    await w.trx.insertInto('chatflows').values(f).execute();
    return f;
  });
  return present(row);
}

export const getChatflow = async (ctx: Ctx, actor: Actor, id: string) => present(await flowFor(ctx, actor, id));

export async function updateChatflow(ctx: Ctx, actor: Actor, id: string, input: ChatflowUpdate): Promise<ChatflowOut> {
  const f = await flowFor(ctx, actor, id);
  const row = await write(ctx, async (w) => {
    const set: Partial<ChatflowsTable> = { updated_at: w.at };
    if (input.draft) Object.assign(set, { draft: encodeJson(input.draft), name: input.draft.name });
    if (input.enabled !== undefined) set.enabled = input.enabled ? 1 : 0;
    await w.trx.updateTable('chatflows').set(set).where('id', '=', f.id).execute();
    return { ...f, ...set };
  });
  return present(row);
}

/** Freezes the draft as the next version, which new conversations start with; a flow with problems is refused, naming the first. */
export async function publishChatflow(ctx: Ctx, actor: Actor, id: string): Promise<ChatflowOut> {
  const f = await flowFor(ctx, actor, id);
  const draft = ChatflowDefinition.parse(decodeJson(f.draft, {}));
  const problems = flowProblems(draft);
  if (problems.length) {
    const p = problems[0]!;
    const at = p.stepId === null ? p.field : `steps.${draft.steps.findIndex((s) => s.id === p.stepId)}.${p.field}`;
    throw invalid(at, `${p.stepId ? `step "${p.stepId}" ` : ''}${p.message}`, 'invalid');
  }
  const row = await write(ctx, async (w) => {
    const last = await w.trx
      .selectFrom('chatflow_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('chatflow_id', '=', f.id)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await w.trx
      .insertInto('chatflow_versions')
      .values({ chatflow_id: f.id, version, definition: f.draft, published_at: w.at, published_by: actor.id })
      .execute();
    const set = { published_version: version, updated_at: w.at };
    await w.trx.updateTable('chatflows').set(set).where('id', '=', f.id).execute();
    return { ...f, ...set };
  });
  return present(row);
}
