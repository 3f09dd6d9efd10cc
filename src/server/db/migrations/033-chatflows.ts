import type { Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Chatflows (F-CHAT.6): a flow per row with its draft; each publication a frozen version; a bot
 * session per conversation a bot holds, saying where it is. Messages a bot wrote name it.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('chatflows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON `ChatflowDefinition` being edited; published versions are copies.
    .addColumn('draft', 'text', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // Signs the flow's webhook steps' requests (Standard Webhooks, as outgoing webhooks).
    .addColumn('webhook_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chatflows_channel').on('chatflows').columns(['channel_id', 'created_at']).execute();
  await db.schema
    .createTable('chatflow_versions')
    .addColumn('chatflow_id', 'text', (c) => c.notNull().references('chatflows.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addPrimaryKeyConstraint('chatflow_versions_pk', ['chatflow_id', 'version'])
    .execute();
  await db.schema
    .createTable('bot_sessions')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id').onDelete('cascade'))
    .addColumn('chatflow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // The step to run (`running`) or whose answer is awaited (`waiting`); null once ended.
    .addColumn('step_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    // Bumped by every step: a step runs only from the number it read (never twice, never skipped).
    .addColumn('seq', 'integer', (c) => c.notNull())
    // The answer waiting to be read by the step it answers, and how often it was asked again.
    .addColumn('answer', 'text')
    .addColumn('tries', 'integer', (c) => c.notNull())
    // When the sweep looks at the session (bots/sweep.ts): a waiting question's timeout, or, while
    // running, the time by which its next step has been taken unless its process stopped; null once ended.
    .addColumn('due_at', 'text')
    .addColumn('ended_reason', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bot_sessions_due').on('bot_sessions').column('due_at').execute();
  await db.schema.alterTable('messages').addColumn('author_bot', 'text').execute();
  // JSON `[{label}]`: a bot's question offered as buttons (the widget) or quick replies (Messenger).
  await db.schema.alterTable('messages').addColumn('buttons', 'text').execute();
  // What a bot's question expects typed (`email`, `phone`, `number`): the widget's keyboard and hint, Messenger's quick reply.
  await db.schema.alterTable('messages').addColumn('input_hint', 'text').execute();
}
