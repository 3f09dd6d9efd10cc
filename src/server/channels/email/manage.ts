import fs from 'node:fs';
import type { ChannelOut, EmailChannelState, EmailSignature, MailboxConnectionTest, SignaturePreview } from '../../../common/api.js';
import { decodeJson } from '../../db/json.js';
import { defaultRoleAddresses } from '../../db/migrations/002-email.js';
import type { ChannelsTable } from '../../db/schema.js';
import { write, type Ctx } from '../../domain/context.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { fallbackAddress, presentChannel } from '../../domain/inboxes.js';
import { conversationFor } from '../../domain/conversations.js';
import { authorizeAdmin, authorizeInbox, type Actor } from '../../permissions/policy.js';
import { encodeChannelSettings } from '../../secrets.js';
import type { MailEnv } from '../../settings.js';
import { filePath } from '../../files/store.js';
import { applyIdentity, confirmAddressCode, presentIdentity, previewEmail, requestAddressCode, type IdentityInput } from './identity.js';
import type { EmailChannelSettings } from './ingest.js';
import { heldReplayProgress, queueHeldReplay } from './held.js';
import { heldTextOf, sendingMode } from './outbound.js';
import { releaseHeldJobs } from '../../db/job-queue.js';
import { SENDING_OFF } from '../../domain/outbox.js';
import { MailConnectionError, mailErrorKindOf, resolveMailHost } from './mail-hosts.js';
import { testMailbox, type MailboxTestSettings } from './connection-test.js';
import { channelSettings } from '../../secrets.js';

async function channelFor(ctx: Ctx, actor: Actor, id: string): Promise<ChannelsTable> {
  const c = await ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('Channel not found');
  try {
    authorizeInbox(actor, c.inbox_id, 'read');
  } catch {
    throw notFound('Channel not found');
  }
  return c;
}

/** A channel with, for email, how it sends, mail kept aside, and the IMAP poller's state. */
export async function presentEmailChannel(ctx: Ctx, env: MailEnv | undefined, c: ChannelsTable): Promise<ChannelOut> {
  const k = ctx.db.kysely;
  const inbox = await k.selectFrom('inboxes').select(['slug', 'name']).where('id', '=', c.inbox_id).executeTakeFirst();
  const out = presentChannel(c, inbox ? fallbackAddress(ctx, inbox.slug) : undefined);
  if (c.kind !== 'email') return out;
  const sending = await sendingMode(ctx, c);
  const held = await heldReplayProgress(ctx, c.id);
  const imap = await k.selectFrom('imap_state').selectAll().where('channel_id', '=', c.id).executeTakeFirst();
  const settings = decodeJson<EmailChannelSettings>(c.settings, {});
  const email: EmailChannelState = {
    sending,
    notice: heldTextOf(sending),
    heldIncoming: held.stillHeld,
    heldReplay: held.progress,
    imap: settings.imap
      ? {
          state: imap?.state ?? 'starting',
          lastError: imap?.last_error ?? null,
          lastErrorKind: mailErrorKindOf(imap?.last_error),
          lastErrorAt: imap?.last_error_at ?? null,
          lastUid: Number(imap?.last_uid ?? 0),
          uidValidity: imap?.uidvalidity ?? null,
        }
      : null,
    identity: inbox ? await presentIdentity(ctx, c, settings, inbox) : undefined,
  };
  return { ...out, email };
}

export async function getChannel(ctx: Ctx, env: MailEnv | undefined, actor: Actor, id: string): Promise<ChannelOut> {
  return presentEmailChannel(ctx, env, await channelFor(ctx, actor, id));
}

/** Rename, switch on or off (on queues the replay of the mail kept aside, the `replay-held` job), edit the role-address list. Admins. */
export async function updateEmailChannel(
  ctx: Ctx,
  env: MailEnv | undefined,
  actor: Actor,
  id: string,
  input: {
    name?: string;
    status?: 'on' | 'off';
    roleAddresses?: string[];
    logForwardedToSender?: boolean;
    useForSending?: boolean;
    skipCertificateVerification?: boolean;
  } & IdentityInput &
    MailboxChange,
): Promise<ChannelOut> {
  const c = await channelFor(ctx, actor, id);
  authorizeAdmin(actor);
  if (c.kind !== 'email') throw conflict('email_channel_only', 'Only email channels can be changed here');
  const stored = decodeJson<EmailChannelSettings>(c.settings, {});
  const servers = input.imap || input.smtp ? withMailboxChange(stored, input) : null;
  if (servers) {
    if (input.imap) await checkMailHost(env, 'imap.host', servers.imap.host);
    if (input.smtp) await checkMailHost(env, 'smtp.host', servers.smtp.host);
  }
  await write(ctx, async (w) => {
    const settings = decodeJson<EmailChannelSettings>(c.settings, {});
    if (servers) {
      settings.imap = servers.imap;
      settings.smtp = servers.smtp;
      // Another account or folder: its UIDs start again (mail seen before is known by its Message-ID); any other change clears the last error.
      const was = stored.imap!;
      const now = servers.imap;
      const moved = was.host !== now.host || was.user !== now.user || (was.folder ?? 'INBOX') !== (now.folder ?? 'INBOX');
      const changed =
        moved ||
        was.port !== now.port ||
        was.secure !== now.secure ||
        was.password !== now.password ||
        (input.skipCertificateVerification ?? stored.skipCertificateVerification ?? false) !==
          (stored.skipCertificateVerification ?? false);
      // The poller starts again only when its settings change (`startImapPollers` compares them).
      if (moved) await w.trx.deleteFrom('imap_state').where('channel_id', '=', id).execute();
      else if (changed)
        await w.trx
          .updateTable('imap_state')
          .set({ state: 'starting', last_error: null, updated_at: w.at })
          .where('channel_id', '=', id)
          .execute();
    }
    if (input.roleAddresses) settings.roleAddresses = [...new Set(input.roleAddresses)];
    if (input.logForwardedToSender !== undefined) settings.logForwardedToSender = input.logForwardedToSender;
    if (input.useForSending !== undefined) settings.useForSending = input.useForSending;
    if (input.skipCertificateVerification !== undefined) settings.skipCertificateVerification = input.skipCertificateVerification;
    const { fromName, language, companyName, fromAddress, signature } = input;
    await applyIdentity(w, ctx, c, settings, { fromName, language, companyName, fromAddress, signature });
    await w.trx
      .updateTable('channels')
      .set({ name: input.name ?? c.name, status: input.status ?? c.status, settings: encodeChannelSettings(ctx.secrets, settings) })
      .where('id', '=', id)
      .execute();
    if (input.status === 'on') await queueHeldReplay(w.trx, id);
    // Replies held while the address was not used for sending go now.
    if (input.useForSending) await releaseHeldJobs(w.trx, SENDING_OFF);
    w.emit({ type: 'inbox.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId: id } });
  });
  return getChannel(ctx, env, actor, id);
}

async function adminEmailChannel(ctx: Ctx, actor: Actor, id: string): Promise<ChannelsTable> {
  const c = await channelFor(ctx, actor, id);
  authorizeAdmin(actor);
  if (c.kind !== 'email') throw conflict('email_channel_only', 'Only email channels have a From address');
  return c;
}

/** Mails a 6-digit code to a custom From address (admins); the address is usable once the code is typed. */
export async function requestFromAddressCode(
  ctx: Ctx,
  env: MailEnv | undefined,
  actor: Actor,
  id: string,
  address: string,
): Promise<ChannelOut> {
  await requestAddressCode(ctx, await adminEmailChannel(ctx, actor, id), address);
  return getChannel(ctx, env, actor, id);
}

/** The typed code: right makes the pending address the channel's From (admins). */
export async function confirmFromAddressCode(
  ctx: Ctx,
  env: MailEnv | undefined,
  actor: Actor,
  id: string,
  code: string,
): Promise<ChannelOut> {
  await confirmAddressCode(ctx, await adminEmailChannel(ctx, actor, id), code);
  return getChannel(ctx, env, actor, id);
}

/** How an email will look with this signature (not saved), signed by the admin as the sample agent. */
export async function previewSignature(ctx: Ctx, actor: Actor, id: string, signature: EmailSignature): Promise<SignaturePreview> {
  const c = await adminEmailChannel(ctx, actor, id);
  const inbox = await ctx.db.kysely.selectFrom('inboxes').select(['slug', 'name']).where('id', '=', c.inbox_id).executeTakeFirstOrThrow();
  const me = await ctx.db.kysely.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirst();
  return previewEmail(c, decodeJson<EmailChannelSettings>(c.settings, {}), inbox, ctx.mailDomain, me?.name || 'Alex Morgan', signature);
}

type ImapSettings = NonNullable<EmailChannelSettings['imap']>;
type SmtpSettings = NonNullable<EmailChannelSettings['smtp']>;
/** Edits to a connected mailbox's servers: a password left empty or out keeps the stored one. */
export interface MailboxChange {
  imap?: Omit<ImapSettings, 'password'> & { password?: string };
  smtp?: SmtpSettings;
}

/**
 * A mailbox's servers with `change` applied to `stored` (sealed or open: a kept password stays as it is).
 * Only a channel that has a mailbox has servers to change (409); an SMTP side without a user sends without logging in.
 */
function withMailboxChange(stored: EmailChannelSettings, change: MailboxChange): { imap: ImapSettings; smtp: SmtpSettings } {
  const was = stored.imap;
  if (!was || !stored.smtp) throw conflict('mailbox_only', 'Only a connected mailbox (IMAP) has server settings', { field: 'imap' });
  const imap: ImapSettings = change.imap ? { ...change.imap, password: change.imap.password || was.password } : was;
  let smtp: SmtpSettings = stored.smtp;
  if (change.smtp) {
    const { user, password, ...rest } = change.smtp;
    smtp = user ? { ...rest, user, password: password || stored.smtp.password || '' } : rest;
  }
  return { imap, smtp };
}

/** A mailbox host must resolve, and (unless ALLOW_PRIVATE_MAIL_HOSTS=1) only to public addresses: else a 400 naming the field. */
async function checkMailHost(env: MailEnv | undefined, field: string, host: string): Promise<void> {
  try {
    await resolveMailHost(host, env?.allowPrivateHosts ?? false);
  } catch (err) {
    if (!(err instanceof MailConnectionError)) throw err;
    throw err.kind === 'private'
      ? invalid(field, 'is a loopback, private or link-local address (refused unless ALLOW_PRIVATE_MAIL_HOSTS=1)', 'private_host')
      : invalid(field, 'was not found (no such host)', 'unknown_host');
  }
}

/** Connects a team mailbox: received over IMAP, replies sent through its SMTP server. Admins. */
export async function createMailboxChannel(
  ctx: Ctx,
  env: MailEnv | undefined,
  actor: Actor,
  inboxId: string,
  input: {
    name: string;
    address: string;
    imap: NonNullable<EmailChannelSettings['imap']>;
    smtp: NonNullable<EmailChannelSettings['smtp']>;
    skipCertificateVerification?: boolean;
  },
): Promise<ChannelOut> {
  authorizeInbox(actor, inboxId, 'read');
  authorizeAdmin(actor);
  const taken = await ctx.db.kysely.selectFrom('channels').select('id').where('address', '=', input.address).executeTakeFirst();
  if (taken) throw conflict('address_taken', 'Another channel already uses this address', { field: 'address' });
  await checkMailHost(env, 'imap.host', input.imap.host);
  await checkMailHost(env, 'smtp.host', input.smtp.host);
  const id = newId();
  await write(ctx, async (w) => {
    const settings: EmailChannelSettings = {
      roleAddresses: defaultRoleAddresses,
      imap: input.imap,
      smtp: input.smtp,
      skipCertificateVerification: input.skipCertificateVerification ?? false,
    };
    await w.trx
      .insertInto('channels')
      .values({
        id,
        inbox_id: inboxId,
        kind: 'email',
        name: input.name,
        status: 'on',
        address: input.address,
        settings: encodeChannelSettings(ctx.secrets, settings),
        created_at: w.at,
      })
      .execute();
    w.emit({ type: 'inbox.updated', inboxId, payload: { inboxId, channelId: id } });
  });
  return getChannel(ctx, env, actor, id);
}

/**
 * "Test connection" of a saved channel (admins): IMAP login and folder, SMTP greeting, answered as classes;
 * with the stored settings, or with edits not saved yet (a password left empty: the stored one). Nothing is stored.
 */
export async function testMailboxConnection(
  ctx: Ctx,
  env: MailEnv | undefined,
  actor: Actor,
  id: string,
  change: MailboxChange & { skipCertificateVerification?: boolean },
  log: (msg: string, err: unknown) => void,
): Promise<MailboxConnectionTest> {
  const c = await adminEmailChannel(ctx, actor, id);
  const stored = channelSettings<EmailChannelSettings>(ctx.secrets, c, {});
  const servers = change.imap || change.smtp ? withMailboxChange(stored, change) : stored;
  const skip = change.skipCertificateVerification ?? stored.skipCertificateVerification;
  return testMailbox(env, { imap: servers.imap, smtp: servers.smtp, skipCertificateVerification: skip }, log);
}

/** "Test connection" of a mailbox not saved yet (who may connect one: admins who can read the inbox). Nothing is stored. */
export async function testNewMailbox(
  ctx: Ctx,
  env: MailEnv | undefined,
  actor: Actor,
  inboxId: string,
  settings: MailboxTestSettings,
  log: (msg: string, err: unknown) => void,
): Promise<MailboxConnectionTest> {
  authorizeInbox(actor, inboxId, 'read');
  authorizeAdmin(actor);
  return testMailbox(env, settings, log);
}

/** An attachment the actor may read (through its conversation), with where its bytes are. */
export async function attachmentFor(ctx: Ctx, env: MailEnv | undefined, actor: Actor, id: string) {
  const a = await ctx.db.kysely
    .selectFrom('attachments as a')
    .innerJoin('messages as m', 'm.id', 'a.message_id')
    .select(['a.id', 'a.filename', 'a.content_type', 'a.size', 'a.storage_path', 'm.conversation_id', 'm.kind'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a || !env) throw notFound('Attachment not found');
  try {
    await conversationFor(ctx, actor, a.conversation_id, 'read');
  } catch {
    throw notFound('Attachment not found');
  }
  const path = filePath(env.filesDir, a.storage_path);
  if (!fs.existsSync(path)) throw notFound('Attachment not found');
  return { ...a, path };
}
