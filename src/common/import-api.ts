/** Importing mail history in the app (Settings › Inbox › Import): what the API takes and answers. */
import { z } from 'zod';

export const IMPORT_CHUNK_BYTES = 8 * 1024 * 1024;

export const ImportUploadIn = z.object({
  /** `file`: an mbox; `folder`: a Maildir or a folder of .eml files, each file sent with its path. */
  kind: z.enum(['file', 'folder']),
  name: z.string().trim().min(1).max(255),
  /** The bytes that will be sent in all (bounded by IMPORT_MAX_MB). */
  size: z.number().int().min(1),
});

export const ImportChunkQuery = z.object({
  /** Where the chunk goes: in the file (an mbox), or in the folder's file `path`. */
  offset: z.coerce.number().int().min(0),
  /** A folder's file: its path in the folder (`cur/1700000000.1:2,S`), relative, without `..`. */
  path: z.string().min(1).max(1024).optional(),
});

export const ImportStartIn = z.object({
  /** Worked out from the upload when absent: a file is an mbox, a folder with cur/ or new/ a Maildir, another folder .eml files. */
  format: z.enum(['mbox', 'maildir', 'eml']).optional(),
  /** mbox only: how `From ` lines inside bodies were quoted; mboxrd when absent. */
  variant: z.enum(['mboxrd', 'mboxo', 'mboxcl', 'mboxcl2']).optional(),
});

export type { ImportOutT, ImportListOutT, ImportUploadOutT } from './api-outputs/imports.js';
