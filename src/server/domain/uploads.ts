/** Files an agent attaches to an email before sending it: stored at once, linked to the message when it is sent. */
import fs from 'node:fs';
import type { UploadOut } from '../../common/api.js';
import type { MailEnv } from '../settings.js';
import { filePath, removeFile, safeFilename, saveFile, sniffImage } from '../files/store.js';
import type { UploadsTable } from '../db/schema-compose.js';
import type { AttachmentsTable } from '../db/schema.js';
import type { Actor } from '../permissions/policy.js';
import type { Ctx, Writer } from './context.js';
import { invalid, notFound } from './errors.js';
import { newId } from './ids.js';

/** Types named from the extension for common documents; images only when their bytes say so; the rest is a plain download. */
const byExtension: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

export function contentTypeOf(filename: string, data: Buffer): string {
  const image = sniffImage(data);
  if (image) return image;
  const ext = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1]?.toLowerCase();
  return (ext && byExtension[ext]) || 'application/octet-stream';
}

const present = (u: UploadsTable): UploadOut => ({ id: u.id, filename: u.filename, contentType: u.content_type, size: Number(u.size) });

/** Stores the bytes durably, then the row; the size limit is the one for incoming mail (MAX_MESSAGE_MB). */
export async function saveUpload(
  ctx: Ctx,
  env: MailEnv | undefined,
  actor: Actor,
  input: { filename: string; data: unknown },
): Promise<UploadOut> {
  if (!env) throw invalid('file', 'file storage is not configured on this server', 'no_file_storage');
  if (!Buffer.isBuffer(input.data))
    throw invalid('file', 'send the file itself as the request body with Content-Type: application/octet-stream', 'not_a_file');
  if (input.data.length === 0) throw invalid('file', 'the file is empty', 'file_empty');
  if (input.data.length > env.maxMessageBytes)
    throw invalid('file', `the file is larger than ${Math.floor(env.maxMessageBytes / (1024 * 1024))} MB`, 'file_too_large', {
      max: Math.floor(env.maxMessageBytes / (1024 * 1024)),
    });
  const id = newId();
  const filename = safeFilename(input.filename, 'file');
  const row: UploadsTable = {
    id,
    user_id: actor.id,
    filename,
    content_type: contentTypeOf(filename, input.data),
    size: input.data.length,
    storage_path: saveFile(env.filesDir, 'attachments', id, input.data),
    created_at: new Date().toISOString(),
  };
  await ctx.db.kysely.insertInto('uploads').values(row).execute();
  await forgetStaleUploads(ctx, env, actor.id);
  return present(row);
}

/** Uploads never sent: the uploader's older than a day are removed (rows and files) when they upload again. */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
async function forgetStaleUploads(ctx: Ctx, env: MailEnv, userId: string): Promise<void> {
  const before = new Date(Date.now() - STALE_UPLOAD_MS).toISOString();
  const stale = await ctx.db.kysely
    .selectFrom('uploads')
    .select(['id', 'storage_path'])
    .where('user_id', '=', userId)
    .where('created_at', '<', before)
    .limit(100)
    .execute();
  if (!stale.length) return;
  await ctx.db.kysely
    .deleteFrom('uploads')
    .where(
      'id',
      'in',
      stale.map((u) => u.id),
    )
    .execute();
  for (const u of stale) removeFile(env.filesDir, u.storage_path);
}

/** The uploader's own file not yet sent (the editor shows an inline image from here); anyone else gets 404. */
export async function uploadFor(ctx: Ctx, env: MailEnv | undefined, actor: Actor, id: string) {
  const u = await ctx.db.kysely.selectFrom('uploads').selectAll().where('id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
  if (!u || !env) throw notFound('Upload not found');
  const path = filePath(env.filesDir, u.storage_path);
  if (!fs.existsSync(path)) throw notFound('Upload not found');
  return { ...u, path };
}

/** Where the editor points an inline image before sending (the sent message points at `inlineAttachmentUrl`). */
export const uploadUrl = (id: string) => `/api/v1/uploads/${id}`;
export const contentIdOf = (id: string) => `${id}@switchboard`;

/**
 * Inside the message's transaction: the actor's own unsent uploads become the message's
 * attachments (same ids). Another user's upload, one already sent, or an unknown id: 404, nothing changes.
 * Images the HTML shows inline get a Content-ID, so the email carries them as `cid:` parts.
 */
export async function linkUploads(
  w: Writer,
  actor: Actor,
  messageId: string,
  ids: string[],
  inlineIds: Set<string>,
): Promise<AttachmentsTable[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await w.trx.selectFrom('uploads').selectAll().where('id', 'in', unique).where('user_id', '=', actor.id).execute();
  if (rows.length !== unique.length) throw notFound('Attachment not found: upload it again');
  const files: AttachmentsTable[] = rows.map((u) => ({
    id: u.id,
    message_id: messageId,
    filename: u.filename,
    content_type: u.content_type,
    size: u.size,
    storage_path: u.storage_path,
    content_id: inlineIds.has(u.id) ? contentIdOf(u.id) : null,
    created_at: w.at,
  }));
  await w.trx.insertInto('attachments').values(files).execute();
  await w.trx.deleteFrom('uploads').where('id', 'in', unique).execute();
  return files;
}
