/** The permission matrix's actors, the shapes of their expected answers, and what each case may use (see permissions.test.ts). */
import type { CrmFixture } from '../../support/crm-fixture.js';

export const actors = ['superMember', 'superNon', 'adminNon', 'agentDirect', 'agentTeam', 'agentNone', 'anonymous'] as const;
export type ActorName = (typeof actors)[number];
/** A status, or 'empty' (200 with no items: a list scoped to nothing). */
export type Expect = number | 'empty';
export type Row = Record<ActorName, Expect>;

// Shorthands for the common shapes.
export const read = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: ok,
  agentTeam: ok,
  agentNone: 404,
  anonymous: 401,
});
export const act = (ok: number): Row => ({
  superMember: ok,
  superNon: 403,
  adminNon: 403,
  agentDirect: ok,
  agentTeam: ok,
  agentNone: 404,
  anonymous: 401,
});
export const anyUser = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: ok,
  agentTeam: ok,
  agentNone: ok,
  anonymous: 401,
});
export const admins = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: 403,
  agentTeam: 403,
  agentNone: 403,
  anonymous: 401,
});
/** Installation settings holding secrets: for anyone but admins they do not exist. */
export const adminsElse404 = (ok: number): Row => ({ ...admins(ok), agentDirect: 404, agentTeam: 404, agentNone: 404 });
/** A shared record that touches the private inbox (its contact): who cannot read the inbox may read it, not change it. */
export const changeShared = (ok: number): Row => ({ ...anyUser(ok), agentNone: 403 });
/** Open routes: the same answer for everyone, signed in or not. */
export const everyone = (status: number): Row => ({
  superMember: status,
  superNon: status,
  adminNon: status,
  agentDirect: status,
  agentTeam: status,
  agentNone: status,
  anonymous: status,
});
export const adminsOnInbox = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: 403,
  agentTeam: 403,
  agentNone: 404,
  anonymous: 401,
});

export interface Fixture {
  inboxId: string;
  conversationId: string;
  contactId: string;
  agentId: string;
  teamId: string;
  snippetId: string;
  crm: CrmFixture;
  /** Email: the private inbox's fallback email channel, a reply waiting for delivery, an attachment. */
  emailChannelId: string;
  pendingReplyId: string;
  attachmentId: string;
  /** A new conversation in the private inbox, optionally moved to a folder first. */
  conversation(folder?: 'trash' | 'spam' | 'filtered'): Promise<string>;
  privateInbox(): Promise<string>;
  snippet(): Promise<string>;
  /** Compose: a template of the private inbox, an upload of superMember's not yet sent. */
  templateId: string;
  template(): Promise<string>;
  uploadId: string;
  actorName: ActorName;
  /** Access (issue #13): a fresh agent nobody else uses; an API token of the bootstrap admin (no actor's). */
  newUser(): Promise<string>;
  foreignTokenId: string;
  /** Outgoing webhooks: one registered by the admin, a delivery of it (a ping), a fresh one to delete. */
  webhookId: string;
  webhookDeliveryId: string;
  webhook(): Promise<string>;
  /** Slack: connects the private inbox (an incoming webhook nobody answers on). */
  slackConnected(): Promise<void>;
  /** Support forms: one of the private inbox, and a fresh one to delete. */
  formId: string;
  form(): Promise<string>;
  formSlug: string;
  /** Chatflows: a chat channel of the private inbox and a flow of it. */
  chatChannelId: string;
  chatflowId: string;
}

export interface Case {
  expect: Row;
  request(f: Fixture): Promise<{ path: string; body?: unknown }>;
}

export const flowBody = () => ({ name: 'Greeter', steps: [{ id: 'hi', type: 'message', text: 'Hello' }] });
let n = 0;
export const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
export const simple = (path: (f: Fixture) => string, expect: Row, body?: (f: Fixture) => unknown): Case => ({
  expect,
  request: async (f) => ({ path: path(f), body: body?.(f) }),
});
