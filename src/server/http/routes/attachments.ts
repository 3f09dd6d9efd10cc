import type { FastifyReply } from 'fastify';
import type { Actor } from '../../permissions/policy.js';
import { UploadQuery } from '../../../common/api.js';
import { attachmentFor } from '../../channels/email/manage.js';
import type { Ctx } from '../../domain/context.js';
import { saveUpload, uploadFor } from '../../domain/uploads.js';
import { sendFile } from '../file-download.js';
import { idParams, route } from '../route.js';
import { UploadOut } from '../../../common/api-outputs/index.js';

/** Files: attachments of messages (downloads and inline images) and uploads for an email being written. */
export function attachmentRoutes(ctx: Ctx) {
  /** A message's attachment the actor may read, sent as `how` says. */
  const attachment = async (actor: Actor, id: string, reply: FastifyReply, how: Parameters<typeof sendFile>[2]) => {
    const a = await attachmentFor(ctx, ctx.mail, actor, id);
    return sendFile(reply, { path: a.path, filename: a.filename, contentType: a.content_type }, how);
  };
  return [
    route({
      method: 'GET',
      url: '/api/v1/attachments/:id',
      operationId: 'downloadAttachment',
      summary: 'Download an attachment (always as a download, never rendered)',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params, reply }) => attachment(actor, params.id, reply, { as: 'download', cache: 0 }),
    }),
    route({
      method: 'GET',
      url: '/api/v1/attachments/:id/inline',
      operationId: 'showInlineAttachment',
      summary: 'An inline (cid:) image of an email body; only sniffed PNG, JPEG, GIF or WebP',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params, reply }) => attachment(actor, params.id, reply, { as: 'image', cache: 3600 }),
    }),
    route({
      method: 'POST',
      url: '/api/v1/attachments',
      operationId: 'uploadAttachment',
      response: UploadOut,
      summary:
        'Upload a file for an email you are writing: the bytes as the body (Content-Type: application/octet-stream), ?filename=; link it with attachmentIds',
      tag: 'messages',
      auth: 'user',
      query: UploadQuery,
      status: 201,
      bodyLimit: ctx.mail.maxMessageBytes ?? 25 * 1024 * 1024,
      handler: ({ actor, query, req }) => saveUpload(ctx, ctx.mail, actor, { filename: query.filename, data: req.body }),
    }),
    route({
      method: 'GET',
      url: '/api/v1/uploads/:id',
      operationId: 'downloadUpload',
      summary: 'Your own upload not yet sent (images inline, anything else as a download)',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: async ({ actor, params, reply }) => {
        const u = await uploadFor(ctx, ctx.mail, actor, params.id);
        return sendFile(reply, { path: u.path, filename: u.filename, contentType: u.content_type }, { as: 'image', cache: 0 });
      },
    }),
  ];
}
