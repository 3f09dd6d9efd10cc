import { ImportChunkQuery, ImportStartIn, ImportUploadIn, IMPORT_CHUNK_BYTES } from '../../../common/import-api.js';
import { ImportChunkOut, ImportListOut, ImportOut, ImportUploadOut } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { appendImportChunk, createImportUpload, listImports, resumeImport, startUploadedImport, stopImport } from '../../import/uploads.js';
import { idParams, route } from '../route.js';

/** Importing mail history in the app (admins): upload the source in chunks, start, stop, resume, follow. */
export function inboxImportRoutes(ctx: Ctx) {
  const common = { tag: 'imports', auth: 'user', params: idParams } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/inboxes/:id/imports',
      operationId: 'listInboxImports',
      summary: 'The inbox’s mail imports started in the app, newest first, with their progress and counts (admins)',
      response: ImportListOut,
      handler: ({ actor, params }) => listImports(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/inboxes/:id/import-uploads',
      operationId: 'createImportUpload',
      summary:
        'Begin uploading mail history to import (admins): an mbox file, or a folder (Maildir or .eml files) whose files are sent with their paths; `size` (all bytes) at most IMPORT_MAX_MB',
      body: ImportUploadIn,
      response: ImportUploadOut,
      status: 201,
      handler: ({ actor, params, body }) => createImportUpload(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'PUT',
      url: '/api/v1/import-uploads/:id/chunk',
      operationId: 'putImportChunk',
      summary: `Send up to ${IMPORT_CHUNK_BYTES / 1024 / 1024} MB of the upload (Content-Type: application/octet-stream) at ?offset= (where the file, or the folder's file ?path=, ends; the same offset again overwrites): a broken upload goes on from there`,
      query: ImportChunkQuery,
      response: ImportChunkOut,
      bodyLimit: IMPORT_CHUNK_BYTES,
      handler: ({ actor, params, query, req }) =>
        appendImportChunk(ctx, actor, params.id, { offset: query.offset, path: query.path, data: req.body }),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/import-uploads/:id/import',
      operationId: 'startImport',
      summary:
        'Import the complete upload into its inbox as a background job (checked first: a bad source writes nothing); `variant` for an mbox, mboxrd when absent',
      body: ImportStartIn,
      response: ImportOut,
      status: 201,
      handler: ({ actor, params, body }) => startUploadedImport(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/imports/:id/stop',
      operationId: 'stopImport',
      summary: 'Stop the import after the batch at work; it can be resumed without duplicates',
      response: ImportOut,
      handler: ({ actor, params }) => stopImport(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/imports/:id/resume',
      operationId: 'resumeImport',
      summary: 'Go on with a stopped import from where it stands',
      response: ImportOut,
      handler: ({ actor, params }) => resumeImport(ctx, actor, params.id),
    }),
  ];
}
