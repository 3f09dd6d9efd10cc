import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import { migratorView } from './migration-introspection.js';
import * as initial from './migrations/001-initial.js';
import * as email from './migrations/002-email.js';
import * as crm from './migrations/003-crm.js';
import * as availability from './migrations/004-availability.js';
import * as searchTuning from './migrations/005-search-tuning.js';
import * as recipients from './migrations/006-recipients.js';
import * as channelLeases from './migrations/010-channel-leases.js';
import * as uploads from './migrations/008-uploads.js';
import * as emailIdentity from './migrations/007-email-identity.js';
import * as chatRevocations from './migrations/009-chat-revocations.js';
import * as searchDetail from './migrations/011-search-detail.js';
import * as searchQueue from './migrations/012-search-queue.js';
import * as replyTo from './migrations/015-reply-to.js';
import * as contactUnverifiedEmail from './migrations/018-contact-unverified-email.js';
import * as timelineFacts from './migrations/019-timeline-facts.js';
import * as textKeys from './migrations/020-text-keys.js';
import * as conversationParticipants from './migrations/021-conversation-participants.js';
import * as savedTextNames from './migrations/022-saved-text-names.js';
import * as conversationPage from './migrations/023-conversation-page.js';
import * as webhooks from './migrations/024-webhooks.js';
import * as notifications from './migrations/025-notifications.js';
import * as slackConnections from './migrations/026-slack-connections.js';
import * as subscriberCursors from './migrations/027-subscriber-cursors.js';
import * as pushSubscriptions from './migrations/028-push-subscriptions.js';
import * as messenger from './migrations/029-messenger.js';
import * as forms from './migrations/030-forms.js';
import * as chatflows from './migrations/033-chatflows.js';
import * as reports from './migrations/034-reports.js';
import * as reportGrains from './migrations/035-report-grains.js';
import * as imports from './migrations/036-imports.js';
import * as privacy from './migrations/037-privacy.js';
import * as exportsTable from './migrations/038-exports.js';
import * as reportRunningDay from './migrations/040-report-running-day.js';
import * as reportBusinessSame from './migrations/041-report-business-same.js';
import * as leases from './migrations/042-leases.js';
import * as importUploads from './migrations/039-import-uploads.js';
import * as contactPicture from './migrations/031-contact-picture.js';
import * as messengerSentPieces from './migrations/032-messenger-sent-pieces.js';
import * as access from './migrations/014-access.js';
import * as senderAuth from './migrations/013-sender-auth.js';

const all: Record<string, { up: (db: any, engine: Database['engine']) => Promise<void> }> = {
  '001-initial': initial,
  '002-email': email,
  '003-crm': crm,
  '004-availability': availability,
  '005-search-tuning': searchTuning,
  '006-recipients': recipients,
  '010-channel-leases': channelLeases,
  '008-uploads': uploads,
  '007-email-identity': emailIdentity,
  '009-chat-revocations': chatRevocations,
  '011-search-detail': searchDetail,
  '012-search-queue': searchQueue,
  '015-reply-to': replyTo,
  '018-contact-unverified-email': contactUnverifiedEmail,
  '019-timeline-facts': timelineFacts,
  '014-access': access,
  '013-sender-auth': senderAuth,
  '020-text-keys': textKeys,
  '021-conversation-participants': conversationParticipants,
  '022-saved-text-names': savedTextNames,
  '023-conversation-page': conversationPage,
  '024-webhooks': webhooks,
  '025-notifications': notifications,
  '026-slack-connections': slackConnections,
  '027-subscriber-cursors': subscriberCursors,
  '028-push-subscriptions': pushSubscriptions,
  '029-messenger': messenger,
  '030-forms': forms,
  '033-chatflows': chatflows,
  '031-contact-picture': contactPicture,
  '032-messenger-sent-pieces': messengerSentPieces,
  '034-reports': reports,
  '035-report-grains': reportGrains,
  '036-imports': imports,
  '037-privacy': privacy,
  '038-exports': exportsTable,
  '040-report-running-day': reportRunningDay,
  '041-report-business-same': reportBusinessSame,
  '042-leases': leases,
  '039-import-uploads': importUploads,
};

/** Brings the schema up to date; migrations receive the engine so dialect SQL stays in db/. */
export async function migrate(db: Database): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(all)) out[name] = { up: (k) => m.up(k, db.engine) };
      return out;
    },
  };
  // On PostgreSQL the migration tables live in the schema in use; other schemas may hold their own.
  const schema = db.engine === 'postgres' ? await db.currentSchema() : undefined;
  // Unordered: features land in parallel, so a database may have run 003 before 002 existed.
  const migrator = new Migrator({
    db: schema ? migratorView(db.kysely, schema) : db.kysely,
    provider,
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}

/** The migrations this code knows that the database has not run (empty: up to date). Throws when the database cannot be reached. */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const done = new Set(
    (
      await db.kysely
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute()
    ).map((r) => (r as { name: string }).name),
  );
  return Object.keys(all).filter((name) => !done.has(name));
}
