/**
 * What a timeline line (a `system` message) records, as a fact rather than a sentence: the web app writes it in
 * the reader's language. The message's `text` keeps the English line for the API and older readers.
 */
export type FileNotFetchedWhy = 'refused' | 'too_large' | 'failed';
export type FolderMoveName = 'trash' | 'restore' | 'spam' | 'not-spam' | 'release' | 'block' | 'unblock';

/** Why routing passed someone over; `idle` carries the minutes the app was not open. */
export type RoutingSkipReason = 'away' | 'deactivated' | 'not_member' | 'no_seat' | 'idle';
export interface RoutingSkip {
  name: string;
  why: RoutingSkipReason;
  /** For `idle`: the channel's auto-away minutes. */
  minutes?: number;
}

/**
 * Why routing gave a conversation to someone (or to no one), as parts the app words: the contact's reply while
 * the assignee is away, the contact owner's outcome, then the round robin among a group (team and user names).
 */
export interface RoutingFact {
  kind: 'routing';
  /** Reassignment after a reply: the assignee who is away. */
  awayAssignee?: string;
  /** The contact-owner rule: given to the owner, no owner, or the owner cannot take it. */
  owner?: { outcome: 'given'; name: string } | { outcome: 'none' } | ({ outcome: 'cannot' } & RoutingSkip);
  /** Round robin among `group` (empty: no one): given to `to`, or left unassigned (null); who was skipped and why. */
  roundRobin?: { group: string[]; to: string | null; skipped: RoutingSkip[] };
}

export type TimelineFact =
  | { kind: 'took' | 'unassigned' | 'team_removed' | 'closed' | 'reopened' | 'contact_erased'; actor: string }
  | { kind: 'assigned'; actor: string; to: string }
  | { kind: 'team'; actor: string; team: string }
  | { kind: 'folder'; actor: string; move: FolderMoveName }
  | { kind: 'ticket_created'; title: string }
  /** A conversation opened by mail that named a thread its sender is not on. */
  | { kind: 'follows_up'; conversationId: string }
  /** A chat visitor left an email address (not verified): replies also go out by email. */
  | { kind: 'email_left'; email: string }
  /** A chatflow began (`bot`: its name), handed the conversation to people, finished, or an agent took over from it. */
  | { kind: 'bot_started'; bot: string }
  | { kind: 'bot_ended'; bot: string; reason: BotEndReason; actor?: string }
  /** A file sent with a customer's message (Messenger) was not fetched: its address was refused, it was too large, or it failed. */
  | { kind: 'file_not_fetched'; why: FileNotFetchedWhy }
  | RoutingFact;

export type BotEndReason = 'handed_over' | 'taken_over' | 'finished' | 'timed_out' | 'asked_for_agent' | 'failed';
