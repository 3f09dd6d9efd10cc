/** Mail history imports (migration 036). */

export type ImportFormat = 'mbox' | 'maildir' | 'eml';
export type MboxVariant = 'mboxrd' | 'mboxo' | 'mboxcl' | 'mboxcl2';
export type ImportStatus = 'running' | 'stopped' | 'done' | 'failed';

/** One import run: its source, where it stands and what it counted. */
export interface ImportsTable {
  id: string;
  inbox_id: string;
  channel_id: string;
  source: string;
  format: ImportFormat;
  variant: MboxVariant | null;
  status: ImportStatus;
  /** mbox: the byte offset the next message starts at; Maildir and eml: the last file done ('' at the start). */
  position: string;
  messages: number;
  imported: number;
  duplicates: number;
  /** Kept raw (unreadable or over the size limit): imported, but counted apart. */
  failed: number;
  /** Not imported: a Maildir message marked trashed. */
  skipped: number;
  bytes: number;
  total_bytes: number;
  error: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A conversation a run wrote into: settled (closed or left open) when the run ends. */
export interface ImportConversationsTable {
  import_id: string;
  conversation_id: string;
  flagged: number;
  replied_at: string | null;
}

export interface ImportTables {
  imports: ImportsTable;
  import_conversations: ImportConversationsTable;
}
