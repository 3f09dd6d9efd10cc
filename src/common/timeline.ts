/**
 * What a timeline line (a `system` message) records, as a fact rather than a sentence: the web app writes it in
 * the reader's language. The message's `text` keeps the English line for the API and older readers.
 */
export type FolderMoveName = 'trash' | 'restore' | 'spam' | 'not-spam' | 'release';

export type TimelineFact =
  | { kind: 'took' | 'unassigned' | 'team_removed' | 'closed' | 'reopened'; actor: string }
  | { kind: 'assigned'; actor: string; to: string }
  | { kind: 'team'; actor: string; team: string }
  | { kind: 'folder'; actor: string; move: FolderMoveName };
