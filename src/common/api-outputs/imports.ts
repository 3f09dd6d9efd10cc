/** Mail imports started in the app (Settings › Inbox › Import): an upload, a chunk's receipt, an import with its counts. */
import { z } from 'zod';
import { named } from './shared.js';

export const ImportUploadOut = named(
  'ImportUpload',
  z.object({
    id: z.string(),
    kind: z.enum(['file', 'folder']),
    name: z.string(),
    size: z.number(),
    received: z.number(),
    /** The largest upload allowed, in bytes. */
    maxBytes: z.number(),
  }),
);

export const ImportChunkOut = named('ImportChunk', z.object({ received: z.number(), size: z.number() }));

export const ImportOut = named(
  'Import',
  z.object({
    id: z.string(),
    uploadId: z.string().nullable(),
    name: z.string(),
    format: z.enum(['mbox', 'maildir', 'eml']),
    variant: z.enum(['mboxrd', 'mboxo', 'mboxcl', 'mboxcl2']).nullable(),
    /** `running` (at work or queued), `stopping` (asked to stop, finishing its batch), `stopped` (resumable), `done`. */
    state: z.enum(['running', 'stopping', 'stopped', 'done']),
    messages: z.number(),
    imported: z.number(),
    duplicates: z.number(),
    /** Kept raw: unreadable or too large, imported as they were. */
    failed: z.number(),
    /** Trashed in the Maildir: not imported. */
    skipped: z.number(),
    bytes: z.number(),
    totalBytes: z.number(),
    /** When done: the conversations written into, and how many of them were left open. */
    conversations: z.number().nullable(),
    open: z.number().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  }),
);

export const ImportListOut = named('ImportList', z.object({ items: z.array(ImportOut), maxBytes: z.number() }));

export type ImportOutT = z.infer<typeof ImportOut>;
export type ImportListOutT = z.infer<typeof ImportListOut>;
export type ImportUploadOutT = z.infer<typeof ImportUploadOut>;
