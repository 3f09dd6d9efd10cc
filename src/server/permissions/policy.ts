/**
 * The one place that decides who may do what. Pure: every function takes the actor (with its
 * inbox access resolved at authentication) and plain resource data.
 */
import type { Abilities } from '../../common/api.js';
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';

export type Role = 'super_admin' | 'admin' | 'agent';

export interface InboxAccess {
  /** The user may act here: the inbox is open to everyone, or the user is in it directly or through a team. */
  member: boolean;
}

export interface UserActor {
  type: 'user';
  id: string;
  role: Role;
  paidSeat: boolean;
  teamIds: string[];
  /** Every existing inbox, with whether the user is a member of it. */
  inboxes: Map<string, InboxAccess>;
  /** Set when an admin deactivated the user (never for an authenticated request). */
  deactivated?: true;
  /** What the request authenticated with (absent for actors made by the CLI, jobs and tests). */
  credential?: Credential;
}

/** A session cookie or an API token: `id` is the session's hash or the token's id. */
export interface Credential {
  kind: 'session' | 'token';
  id: string;
  expiresAt: string | null;
  /** `read`: GET routes and the stream only. */
  scope: 'read' | 'write';
}

export type Actor = UserActor;

export const isAdmin = (a: Actor) => a.role === 'admin' || a.role === 'super_admin';

export function canReadInbox(a: Actor, inboxId: string): boolean {
  const access = a.inboxes.get(inboxId);
  if (!access) return false;
  return access.member || isAdmin(a);
}

export function isInboxMember(a: Actor, inboxId: string): boolean {
  return a.inboxes.get(inboxId)?.member === true;
}

/** Query scope: the inboxes whose conversations the actor may see. */
export function readableInboxIds(a: Actor): string[] {
  return [...a.inboxes.keys()].filter((id) => canReadInbox(a, id));
}

export type ConversationAction = 'reply' | 'comment' | 'assign' | 'close' | 'trash' | 'delete' | 'spam' | 'block';
export type { Abilities };
const conversationActions: ConversationAction[] = ['reply', 'comment', 'assign', 'close', 'trash', 'delete', 'spam', 'block'];

export function conversationAbilities(a: Actor, conv: { inboxId: string; folder: string }): Abilities {
  const read = canReadInbox(a, conv.inboxId);
  const member = isInboxMember(a, conv.inboxId);
  const out = { read, reason: null } as Abilities;
  for (const act of conversationActions) out[act] = member;
  out.delete = member && conv.folder === 'trash';
  if (read && !member) out.reason = 'You can view this inbox but are not a member of it, so you cannot act here.';
  return out;
}

/** Throws not_found when the actor may not read, forbidden when it may read but not act. */
export function authorizeConversation(a: Actor, conv: { inboxId: string; folder: string }, action: ConversationAction | 'read'): void {
  if (!canReadInbox(a, conv.inboxId)) throw new DomainError('not_found', 'Conversation not found');
  if (action === 'read') return;
  const ab = conversationAbilities(a, conv);
  if (!ab[action]) {
    if (action === 'delete' && ab.trash) throw conflict('trash_only_delete', 'Only conversations in Trash can be deleted forever');
    throw forbidden('not_inbox_member', ab.reason ?? 'Not allowed');
  }
}

export function authorizeInbox(a: Actor, inboxId: string, action: 'read' | 'act'): void {
  if (!canReadInbox(a, inboxId)) throw new DomainError('not_found', 'Inbox not found');
  if (action === 'act' && !isInboxMember(a, inboxId)) {
    throw forbidden('not_inbox_member', 'You are not a member of this inbox');
  }
}

/** Settings: inboxes, users, teams. */
export function authorizeAdmin(a: Actor): void {
  if (!isAdmin(a)) throw forbidden('admin_only', 'Only admins can change settings');
}

/** Installation-wide settings and state (the outgoing mail server with its secrets, the search index): admins only; for anyone else they do not exist (404). */
export function authorizeInstallationSettings(a: Actor): void {
  if (!isAdmin(a)) throw notFound('Not found');
}

/** Exports of the installation's data (conversations as CSV; admins read every inbox): admins only; for anyone else they do not exist (404). */
export function authorizeExport(a: Actor): void {
  if (!isAdmin(a)) throw notFound('Not found');
}

/** An inbox's integrations holding secrets (its Slack connection): admins who may read the inbox; for anyone else they do not exist (404). */
export function authorizeInboxIntegrations(a: Actor, inboxId: string): void {
  if (!isAdmin(a) || !canReadInbox(a, inboxId)) throw notFound('Inbox not found');
}

/** Importing mail history into an inbox (uploads, runs, their counts): admins who may read the inbox; for anyone else they do not exist (404). */
export function authorizeInboxImport(a: Actor, inboxId: string): void {
  if (!isAdmin(a) || !canReadInbox(a, inboxId)) throw notFound('Inbox not found');
}

export function authorizeRoleChange(a: Actor, targetRole: Role, newRole: Role | undefined): void {
  authorizeAdmin(a);
  if ((newRole === 'super_admin' || targetRole === 'super_admin') && a.role !== 'super_admin') {
    throw forbidden('super_admin_only', 'Only a super admin can grant or change the super admin role');
  }
}

/** Realtime: may this actor receive the event? Comments are for agents only (users are agents). */
export function canReceiveEvent(
  a: Actor,
  e: { inboxId: string | null; internal: boolean; adminOnly?: boolean; userId?: string | null },
): boolean {
  if (e.userId && e.userId !== a.id) return false;
  if (e.adminOnly) return isAdmin(a);
  if (e.inboxId === null) return true;
  return canReadInbox(a, e.inboxId);
}

/**
 * Tickets: one made from a conversation belongs to that conversation's inbox (who may read the
 * conversation may read the ticket; members may change it), so a title never leaks. A ticket
 * without a conversation is a shared record, like contacts.
 */
export function ticketAbilities(a: Actor, t: { inboxId: string | null }): { read: boolean; edit: boolean } {
  if (t.inboxId === null) return { read: true, edit: true };
  return { read: canReadInbox(a, t.inboxId), edit: isInboxMember(a, t.inboxId) };
}

export function authorizeTicket(a: Actor, t: { inboxId: string | null }, action: 'read' | 'edit'): void {
  const ab = ticketAbilities(a, t);
  if (!ab.read) throw new DomainError('not_found', 'Ticket not found');
  if (action === 'edit' && !ab.edit)
    throw forbidden('ticket_inbox_member', 'You are not a member of the inbox of this ticket’s conversation');
}

/** Routing and ticketing of a channel are settings: admins who may read its inbox. */
export function authorizeChannelSettings(a: Actor, inboxId: string): void {
  authorizeInbox(a, inboxId, 'read');
  authorizeAdmin(a);
}

/**
 * Who may read a contact (its record, its picture): every user, as in a CRM; what hangs off it (its
 * conversations) keeps its own rules. A deactivated user reads nothing.
 */
export function canReadContact(a: Actor): boolean {
  return a.type === 'user' && !a.deactivated;
}

/**
 * Contacts are shared records, but editing, merging or blocking one changes what happens in every
 * inbox it has conversations in (where replies go, which folder its mail lands in). Only who may
 * read all of those may do it; the refusal names and counts nothing the actor cannot see.
 */
export function mayChangeContact(a: Actor, contactInboxIds: string[]): boolean {
  return contactInboxIds.every((id) => canReadInbox(a, id));
}

export function authorizeContactChange(a: Actor, contactInboxIds: string[]): void {
  if (!mayChangeContact(a, contactInboxIds))
    throw forbidden('contact_private_conversations', 'This contact has conversations you cannot see; ask an admin');
}

/**
 * Erasing a contact (the right to be forgotten) or exporting all that is held about them (an access
 * request): admins only (they read every inbox, so nothing of the contact is hidden from them); a
 * contact the actor may not read is not found, for anyone else it is a refusal.
 */
export function authorizeContactPrivacy(a: Actor): void {
  if (!canReadContact(a)) throw notFound('Contact not found');
  if (!isAdmin(a)) throw forbidden('admin_only', 'Only admins can erase a contact or export their data');
}

/** A team may be given a conversation only in an inbox the team has access to (everyone inboxes, or the team is on its list). */
export function teamHasInboxAccess(inbox: { mode: 'everyone' | 'specific'; teamIds: string[] }, teamId: string): boolean {
  return inbox.mode === 'everyone' || inbox.teamIds.includes(teamId);
}

/** Membership from an inbox's access list (for users other than the actor, e.g. routing candidates). */
export function isMemberByAccess(
  inbox: { mode: 'everyone' | 'specific'; userIds: string[]; teamIds: string[] },
  user: { id: string; teamIds: string[] },
): boolean {
  return inbox.mode === 'everyone' || inbox.userIds.includes(user.id) || user.teamIds.some((t) => inbox.teamIds.includes(t));
}

/**
 * A website visitor on the chat widget: it holds a token signed with its channel's secret for
 * one visitor key (an anonymous id, or a host-site user id verified by HMAC). It is no user:
 * it reads only its own conversation on that channel, and in it only the messages exchanged
 * with it, never comments or timeline lines.
 */
export interface VisitorActor {
  type: 'visitor';
  channelId: string;
  visitorKey: string;
}

export function visitorMayReadConversation(v: VisitorActor, conv: { channelId: string; visitorKey: string | null }): boolean {
  return conv.channelId === v.channelId && conv.visitorKey !== null && conv.visitorKey === v.visitorKey;
}

export function visitorMaySeeMessage(m: { kind: string }): boolean {
  return m.kind === 'incoming' || m.kind === 'reply';
}

/** A read-only API token may call GET routes (and open the stream), nothing else. */
export function authorizeMethod(a: Actor, method: string): void {
  if (a.credential?.scope === 'read' && method !== 'GET') throw forbidden('token_read_only', 'This API token is read-only');
}

/** Tokens and the password are managed from a signed-in session, never with a token (a leaked token cannot mint more or lock the owner out). */
export function authorizeSessionOnly(a: Actor): void {
  if (a.credential?.kind === 'token') throw forbidden('token_cannot_manage', 'Sign in to the app to manage API tokens and your password');
}

/** Admin-started password resets and deactivation: admins, not on themselves; only a super admin for a super admin. */
export function authorizeAccessChange(a: Actor, target: { id: string; role: Role }): void {
  authorizeRoleChange(a, target.role, undefined);
  if (target.id === a.id) throw forbidden('own_account', 'You cannot do this to your own account');
}

/**
 * What a report may show an actor: the inboxes it reads (or the one asked for), and whose figures. Admins
 * see everyone's; anyone else only their own (`onlyUserId`), and asking for another's answers not found.
 */
export function reportScope(a: Actor, want: { inboxId?: string; userId?: string }): { inboxIds: string[]; onlyUserId: string | null } {
  if (want.inboxId && !canReadInbox(a, want.inboxId)) throw notFound('Inbox not found');
  const admin = isAdmin(a);
  if (want.userId && !admin && want.userId !== a.id) throw notFound('User not found');
  return { inboxIds: want.inboxId ? [want.inboxId] : readableInboxIds(a), onlyUserId: admin ? (want.userId ?? null) : a.id };
}
