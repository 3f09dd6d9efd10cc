import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ExportList, ExportOut } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { exportFile, exportFileByToken, getExport, listExports, startExport, type ExportFile } from '../../export/archives.js';
import { disposition } from '../file-download.js';
import { idParams, route } from '../route.js';

/** The archive, streamed from its file (never read into memory), as a download. */
function sendArchive(reply: FastifyReply, f: ExportFile) {
  return reply
    .header('content-type', 'application/gzip')
    .header('content-length', String(f.size))
    .header('content-disposition', disposition('attachment', f.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(fs.createReadStream(f.path));
}

/** `/api/v1/exports`: full exports started in the app (Settings › Export), admins; the mailed link downloads without a session. */
export function exportArchiveRoutes(ctx: Ctx) {
  return [
    route({
      method: 'POST',
      url: '/api/v1/exports',
      operationId: 'startExport',
      summary:
        'Start a full export (every table as JSON Lines, the files, an mbox per inbox, a manifest) as a background job; while one is queued or running, answers with that one. When done, the admin who started it is mailed a download link (admins)',
      tag: 'export',
      auth: 'user',
      response: ExportOut,
      handler: ({ actor }) => startExport(ctx, actor),
    }),
    route({
      method: 'GET',
      url: '/api/v1/exports',
      operationId: 'listExports',
      summary: 'The latest full exports, newest first, with their progress, size and expiry (admins)',
      tag: 'export',
      auth: 'user',
      response: ExportList,
      handler: ({ actor }) => listExports(ctx, actor),
    }),
    route({
      method: 'GET',
      url: '/api/v1/exports/:id',
      operationId: 'getExport',
      summary: 'One full export: its status and progress (admins)',
      tag: 'export',
      auth: 'user',
      params: idParams,
      response: ExportOut,
      handler: ({ actor, params }) => getExport(ctx, actor, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/v1/exports/:id/download',
      operationId: 'downloadExport',
      summary: 'The archive of a finished export (a .tar.gz), until it expires (admins)',
      tag: 'export',
      auth: 'user',
      params: idParams,
      handler: async ({ actor, params, reply }) => sendArchive(reply, await exportFile(ctx, actor, params.id)),
    }),
    route({
      method: 'GET',
      url: '/api/v1/exports/:id/file',
      operationId: 'downloadExportByLink',
      summary: 'The archive of a finished export with the token of the mailed link, no session needed; a wrong or expired token: 404',
      tag: 'export',
      auth: 'none',
      params: idParams,
      query: z.object({ token: z.string().max(200) }),
      rateLimit: { max: 30, timeWindow: '1 minute' },
      handler: async ({ params, query, reply }) => sendArchive(reply, await exportFileByToken(ctx, params.id, query.token)),
    }),
  ];
}
