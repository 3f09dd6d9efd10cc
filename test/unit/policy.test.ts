/** Who may read and act, as the product promises: read from the inbox, act as a member, 404 for what one may not read. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../src/server/domain/errors.js';
import {
  authorizeAccessChange,
  authorizeConversation,
  authorizeMethod,
  authorizeSessionOnly,
  canReceiveEvent,
  conversationAbilities,
  mayChangeContact,
  readableInboxIds,
  ticketAbilities,
  visitorMayReadConversation,
  visitorMaySeeMessage,
  type Actor,
  type Role,
} from '../../src/server/permissions/policy.js';

/** Inboxes: `open` (everyone may act), `sales` (the agent is on its list), `vault` (private, the agent is not on it). */
const actor = (
  role: Role,
  member: Record<string, boolean> = { open: true, sales: true, vault: false },
  extra: Partial<Actor> = {},
): Actor => ({
  type: 'user',
  id: `${role}-1`,
  role,
  paidSeat: true,
  teamIds: [],
  inboxes: new Map(Object.entries(member).map(([id, m]) => [id, { member: m }])),
  ...extra,
});
const agent = actor('agent');
const admin = actor('admin', { open: true, sales: false, vault: false });
const superAdmin = actor('super_admin', { open: true, sales: false, vault: false });

const code = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    assert.ok(e instanceof DomainError);
    return e.code;
  }
};

describe('reading and acting on conversations', () => {
  const cases: [string, Actor, string, 'read' | 'reply' | 'assign' | 'delete', string | null][] = [
    ['an agent reads a conversation of an inbox they are in', agent, 'sales', 'read', null],
    ['an agent replies there', agent, 'sales', 'reply', null],
    ['an agent never learns that a private inbox conversation exists', agent, 'vault', 'read', 'not_found'],
    ['nor may reply to it (still not found, not forbidden)', agent, 'vault', 'reply', 'not_found'],
    ['an admin reads every inbox', admin, 'vault', 'read', null],
    ['but acts only where they are a member', admin, 'vault', 'reply', 'forbidden'],
    ['an admin may assign in an open inbox', admin, 'open', 'assign', null],
    ['an unknown inbox is not found for anyone', superAdmin, 'nowhere', 'read', 'not_found'],
  ];
  for (const [what, who, inboxId, action, want] of cases)
    test(what, () =>
      assert.equal(
        code(() => authorizeConversation(who, { inboxId, folder: 'inbox' }, action)),
        want,
      ),
    );

  test('deleting forever: only from Trash, and the refusal says so', () => {
    assert.equal(
      code(() => authorizeConversation(agent, { inboxId: 'sales', folder: 'inbox' }, 'delete')),
      'conflict',
    );
    assert.equal(
      code(() => authorizeConversation(agent, { inboxId: 'sales', folder: 'trash' }, 'delete')),
      null,
    );
  });

  test('abilities tell a reader who is not a member why the buttons are missing', () => {
    const ab = conversationAbilities(admin, { inboxId: 'sales', folder: 'inbox' });
    assert.equal(ab.read, true);
    assert.equal(ab.reply, false);
    assert.match(ab.reason ?? '', /not a member/);
    const mine = conversationAbilities(agent, { inboxId: 'sales', folder: 'inbox' });
    assert.equal(mine.reply && mine.assign && mine.close, true);
    assert.equal(mine.reason, null);
  });

  test('the list scope holds exactly the readable inboxes', () => {
    assert.deepEqual(readableInboxIds(agent).sort(), ['open', 'sales']);
    assert.deepEqual(readableInboxIds(admin).sort(), ['open', 'sales', 'vault']);
  });
});

describe('realtime events', () => {
  const cases: [string, Actor, { inboxId: string | null; internal: boolean; adminOnly?: boolean }, boolean][] = [
    ['an event of a readable inbox reaches the agent', agent, { inboxId: 'sales', internal: false }, true],
    ['an internal comment reaches agents of the inbox too', agent, { inboxId: 'sales', internal: true }, true],
    ['nothing of a private inbox reaches an outsider', agent, { inboxId: 'vault', internal: false }, false],
    ['an admin hears of every inbox', admin, { inboxId: 'vault', internal: false }, true],
    ['a shared record (no inbox) reaches everyone', agent, { inboxId: null, internal: false }, true],
    ['admin-only events skip agents', agent, { inboxId: null, internal: false, adminOnly: true }, false],
    ['admin-only events reach admins', admin, { inboxId: null, internal: false, adminOnly: true }, true],
  ];
  for (const [what, who, e, want] of cases) test(what, () => assert.equal(canReceiveEvent(who, e), want));
});

describe('contacts and tickets', () => {
  test('a contact with a conversation in an inbox the agent cannot see may not be changed by them', () => {
    assert.equal(mayChangeContact(agent, ['sales', 'open']), true);
    assert.equal(mayChangeContact(agent, ['sales', 'vault']), false);
    assert.equal(mayChangeContact(admin, ['sales', 'vault']), true);
    assert.equal(mayChangeContact(agent, []), true);
  });
  test('a ticket follows its conversation’s inbox; one without is shared', () => {
    assert.deepEqual(ticketAbilities(agent, { inboxId: null }), { read: true, edit: true });
    assert.deepEqual(ticketAbilities(agent, { inboxId: 'vault' }), { read: false, edit: false });
    assert.deepEqual(ticketAbilities(admin, { inboxId: 'vault' }), { read: true, edit: false });
  });
});

describe('website visitors', () => {
  const v = { type: 'visitor' as const, channelId: 'ch1', visitorKey: 'v:abc' };
  test('a visitor reads only their own conversation on their channel', () => {
    assert.equal(visitorMayReadConversation(v, { channelId: 'ch1', visitorKey: 'v:abc' }), true);
    assert.equal(visitorMayReadConversation(v, { channelId: 'ch1', visitorKey: 'v:other' }), false);
    assert.equal(visitorMayReadConversation(v, { channelId: 'ch2', visitorKey: 'v:abc' }), false);
    assert.equal(visitorMayReadConversation(v, { channelId: 'ch1', visitorKey: null }), false);
  });
  test('and in it only what was exchanged with them, never comments or timeline lines', () => {
    assert.deepEqual(
      ['incoming', 'reply', 'comment', 'system'].filter((kind) => visitorMaySeeMessage({ kind })),
      ['incoming', 'reply'],
    );
  });
});

describe('credentials and account changes', () => {
  const withToken = (scope: 'read' | 'write') =>
    actor('agent', undefined, { credential: { kind: 'token', id: 't', expiresAt: null, scope } });
  test('a read-only token may only read', () => {
    assert.equal(
      code(() => authorizeMethod(withToken('read'), 'GET')),
      null,
    );
    assert.equal(
      code(() => authorizeMethod(withToken('read'), 'POST')),
      'forbidden',
    );
    assert.equal(
      code(() => authorizeMethod(withToken('write'), 'DELETE')),
      null,
    );
  });
  test('tokens and the password are managed from a session, never with a token', () => {
    assert.equal(
      code(() => authorizeSessionOnly(withToken('write'))),
      'forbidden',
    );
    assert.equal(
      code(() => authorizeSessionOnly(agent)),
      null,
    );
  });
  const cases: [string, Actor, { id: string; role: Role }, string | null][] = [
    ['an admin may reset an agent', admin, { id: 'x', role: 'agent' }, null],
    ['an agent may not', agent, { id: 'x', role: 'agent' }, 'forbidden'],
    ['an admin may not touch a super admin', admin, { id: 'x', role: 'super_admin' }, 'forbidden'],
    ['a super admin may', superAdmin, { id: 'x', role: 'super_admin' }, null],
    ['nobody does it to their own account', superAdmin, { id: superAdmin.id, role: 'super_admin' }, 'forbidden'],
  ];
  for (const [what, who, target, want] of cases)
    test(what, () =>
      assert.equal(
        code(() => authorizeAccessChange(who, target)),
        want,
      ),
    );
});
