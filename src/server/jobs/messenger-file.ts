/**
 * One attachment of a received Messenger message: fetched from the address Meta gave through the
 * checked GET (`checked-get.ts`: no private addresses unless ALLOW_PRIVATE_WEBHOOKS, each redirect
 * checked, bounded by the mail size limit and a minute), stored durably in the files store, then
 * linked to the message; the thread is told. The message was stored (and the webhook answered)
 * before: the file follows within seconds. A file that cannot be had (refused, too large, gone)
 * leaves a line in the thread saying so; a passing failure is tried again.
 */
import type { AttachmentsTable, MessagesTable } from '../db/schema.js';
import { write, type Ctx } from '../domain/context.js';
import { insertSystemMessage, presentMessage, withAttachments } from '../domain/messages.js';
import { MESSENGER_FILE_JOB } from '../channels/messenger/receive.js';
import { checkedGet, type CheckedGetFailure } from '../checked-get.js';
import type { FileNotFetchedWhy } from '../../common/timeline.js';
import { safeFilename, saveFile, sniffImage } from '../files/store.js';
import { defineJob } from './define.js';

export const FILE_TIMEOUT_MS = 60_000;

const whyOf = (r: CheckedGetFailure): FileNotFetchedWhy => (r === 'private' ? 'refused' : r === 'too_large' ? 'too_large' : 'failed');

/** The line in the thread saying the file is not there (once per file: the job's dedupe key names it). */
async function noteNotFetched(ctx: Ctx, m: MessagesTable, index: number, why: FileNotFetchedWhy): Promise<void> {
  await write(ctx, async (w) => {
    const c = await w.trx.selectFrom('conversations').selectAll().where('id', '=', m.conversation_id).executeTakeFirst();
    if (!c) return;
    const texts: Record<FileNotFetchedWhy, string> = {
      refused: 'its address points into a private network',
      too_large: 'it is larger than the size limit',
      failed: 'its address did not answer with it',
    };
    await insertSystemMessage(w, c, `File ${index + 1} of the customer's message was not fetched: ${texts[why]}.`, null, {
      kind: 'file_not_fetched',
      why,
    });
  });
}

async function storeFile(
  ctx: Ctx,
  p: { messageId: string; url: string; type: string; index: number },
  run?: { lastTry: boolean },
): Promise<void> {
  const k = ctx.db.kysely;
  const id = `${p.messageId}-f${p.index}`;
  const m = await k.selectFrom('messages').selectAll().where('id', '=', p.messageId).executeTakeFirst();
  if (!m || (await k.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst())) return;
  const got = await checkedGet(p.url, {
    allowPrivate: ctx.mail.allowPrivateWebhooks ?? false,
    maxBytes: ctx.mail.maxMessageBytes,
    timeoutMs: FILE_TIMEOUT_MS,
  });
  if (!got.ok) {
    // A passing failure is tried again; at the last try it too leaves its line.
    if (!got.permanent && !run?.lastTry) throw new Error(`Messenger file: ${got.error}`);
    await noteNotFetched(ctx, m, p.index, whyOf(got.reason));
    return;
  }
  const sniffed = sniffImage(got.data);
  const declared = (got.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  // An image is what its bytes say; anything else is offered as a download.
  const contentType = sniffed ?? (p.type === 'image' || !declared || declared.startsWith('image/') ? 'application/octet-stream' : declared);
  let name = '';
  try {
    name = decodeURIComponent(new URL(p.url).pathname.split('/').pop() ?? '');
  } catch {
    /* the fallback below */
  }
  const ext = sniffed ? `.${sniffed.slice('image/'.length)}` : '';
  const filename = safeFilename(name && /\.\w{1,8}$/.test(name) ? name : `${p.type}-${p.index + 1}${ext}`, `${p.type}${ext}`);
  const storagePath = saveFile(ctx.mail.filesDir, 'attachments', id, got.data);
  await write(ctx, async (w) => {
    const row: AttachmentsTable = {
      id,
      message_id: m.id,
      filename,
      content_type: contentType,
      size: got.data.length,
      storage_path: storagePath,
      content_id: null,
      created_at: w.at,
    };
    await w.trx.insertInto('attachments').values(row).execute();
    const files = await w.trx.selectFrom('attachments').selectAll().where('message_id', '=', m.id).orderBy('id').execute();
    const c = await w.trx.selectFrom('conversations').select('inbox_id').where('id', '=', m.conversation_id).executeTakeFirstOrThrow();
    w.emit({
      type: 'message.updated',
      inboxId: c.inbox_id,
      conversationId: m.conversation_id,
      payload: { message: withAttachments(presentMessage(m, {}), files, m.html) },
    });
  });
}

export const messengerFileJob = defineJob({ ...MESSENGER_FILE_JOB, handle: storeFile });
