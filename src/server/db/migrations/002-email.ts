import type { Kysely } from 'kysely';
import { newId } from '../../domain/ids.js';
import type { Engine } from '../database.js';

/** Role addresses whose mail goes to Filtered by default (editable per channel). */
export const defaultRoleAddresses = [
  'marketing',
  'sales',
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'info',
  'newsletter',
  'news',
  'notifications',
  'promotions',
];

export const fallbackChannelRow = (inboxId: string, at: string) => ({
  id: newId(),
  inbox_id: inboxId,
  kind: 'email' as const,
  name: 'Email',
  status: 'on' as const,
  address: null,
  settings: JSON.stringify({ fallback: true, roleAddresses: defaultRoleAddresses }),
  created_at: at,
});

/**
 * Email: every inbox gets a fallback email channel (its `<slug>@MAIL_DOMAIN` address is derived,
 * not stored, so MAIL_DOMAIN can change); mail kept aside while a channel is off; IMAP poller
 * state per channel.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  const at = new Date().toISOString();
  const inboxes = await db.selectFrom('inboxes').select('id').execute();
  for (const i of inboxes) await db.insertInto('channels').values(fallbackChannelRow(i.id, at)).execute();

  await db.schema
    .createTable('email_held')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_held_channel').on('email_held').columns(['channel_id', 'created_at']).execute();

  await db.schema
    .createTable('imap_state')
    .addColumn('channel_id', 'text', (c) => c.primaryKey().references('channels.id').onDelete('cascade'))
    .addColumn('uidvalidity', 'text')
    .addColumn('last_uid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('idle'))
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
