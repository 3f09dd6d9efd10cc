/** What the app does to the data it holds when an event arrives (src/web/state/cache-updates.ts): pure, no browser. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConversationRow, MessageOut, Page } from '../../src/common/api.js';
import {
  changesCounts,
  rowMatches,
  withMessage,
  withMessageUpdate,
  withRow,
  withoutRow,
  type EventRow,
} from '../../src/web/state/cache-updates.js';
import type { Pages } from '../../src/web/state/queries.js';

const pages = <T>(...ps: Page<T>[]): Pages<T> => ({ pages: ps, pageParams: ps.map((_, i) => (i ? `c${i}` : null)) });

function msg(id: string, createdAt: string, over: Partial<MessageOut> = {}): MessageOut {
  return {
    id,
    conversationId: 'c1',
    kind: 'incoming',
    text: id,
    html: null,
    author: null,
    mentions: [],
    deliveryState: 'none',
    createdAt,
    ...over,
  };
}

function row(id: string, lastMessageAt: string, over: Partial<ConversationRow> = {}): ConversationRow {
  return {
    id,
    inboxId: 'in1',
    subject: null,
    preview: id,
    contact: null,
    channel: 'api',
    status: 'open',
    folder: 'inbox',
    assignee: null,
    teamId: null,
    isBot: false,
    lastMessageAt,
    createdAt: '2026-01-01T00:00:00.000Z',
    unread: false,
    ...over,
  };
}
const eventRow = (r: ConversationRow): EventRow => {
  const { unread: _u, ...rest } = r;
  return rest;
};
const ids = (d: Pages<{ id: string }> | undefined) => d?.pages.flatMap((p) => p.items.map((x) => x.id));

describe('thread', () => {
  test('a new message is appended once, in time order, when the last page is read', () => {
    const d = pages({ items: [msg('m1', '2026-01-01T00:00:01Z'), msg('m3', '2026-01-01T00:00:03Z')], nextCursor: null });
    const once = withMessage(d, msg('m4', '2026-01-01T00:00:04Z'));
    assert.deepEqual(ids(once), ['m1', 'm3', 'm4']);
    assert.equal(withMessage(once, msg('m4', '2026-01-01T00:00:04Z')), once, 'a repeat changes nothing');
    assert.deepEqual(ids(withMessage(d, msg('m2', '2026-01-01T00:00:02Z'))), ['m1', 'm2', 'm3']);
  });

  test('a message past the pages read waits for its page', () => {
    const d = pages({ items: [msg('m1', '2026-01-01T00:00:01Z')], nextCursor: 'x' });
    assert.equal(withMessage(d, msg('m2', '2026-01-01T00:00:02Z')), d);
    assert.equal(withMessage(undefined, msg('m2', '2026-01-01T00:00:02Z')), undefined);
  });

  test("the app's thread (newest page first) takes a new message on its first page, though older pages are unread", () => {
    const d = pages(
      { items: [msg('m3', '2026-01-01T00:00:03Z'), msg('m5', '2026-01-01T00:00:05Z')], nextCursor: 'older' },
      { items: [msg('m1', '2026-01-01T00:00:01Z')], nextCursor: 'oldest' },
    );
    const once = withMessage(d, msg('m6', '2026-01-01T00:00:06Z'), 'newest-first');
    assert.deepEqual(
      once!.pages.map((p) => p.items.map((m) => m.id)),
      [['m3', 'm5', 'm6'], ['m1']],
    );
    assert.equal(withMessage(once, msg('m6', '2026-01-01T00:00:06Z'), 'newest-first'), once, 'a repeat changes nothing');
    assert.deepEqual(
      withMessage(d, msg('m4', '2026-01-01T00:00:04Z'), 'newest-first')!.pages[0]!.items.map((m) => m.id),
      ['m3', 'm4', 'm5'],
    );
  });

  test('a delivery update changes the state and keeps the author and files', () => {
    const sent = msg('m1', '2026-01-01T00:00:01Z', {
      kind: 'reply',
      author: { type: 'user', id: 'u1', name: 'Ana' },
      deliveryState: 'queued',
      attachments: [{ id: 'a1', filename: 'x.pdf', contentType: 'application/pdf', size: 3, inline: false }],
    });
    const d = pages({ items: [sent], nextCursor: null });
    const out = withMessageUpdate(
      d,
      msg('m1', '2026-01-01T00:00:01Z', { kind: 'reply', deliveryState: 'failed', deliveryError: 'no server' }),
    );
    const m = out!.pages[0]!.items[0]!;
    assert.equal(m.deliveryState, 'failed');
    assert.equal(m.deliveryError, 'no server');
    assert.equal(m.author?.name, 'Ana');
    assert.equal(m.attachments?.length, 1);
  });
});

describe('list', () => {
  const list = () =>
    pages({ items: [row('a', '2026-01-01T00:00:03Z'), row('b', '2026-01-01T00:00:02Z', { unread: true })], nextCursor: null });

  test('a row with a new message moves to the top; unread as the change says, else as it was', () => {
    const r = withRow(
      list(),
      { view: 'all', status: 'open' },
      { row: eventRow(row('b', '2026-01-01T00:00:09Z', { preview: 'new' })) },
      'me',
    );
    assert.equal(r.refetch, false);
    assert.deepEqual(ids(r.data), ['b', 'a']);
    assert.equal(r.data!.pages[0]!.items[0]!.preview, 'new');
    assert.equal(r.data!.pages[0]!.items[0]!.unread, true);
    const read = withRow(list(), { view: 'all' }, { row: eventRow(row('a', '2026-01-01T00:00:04Z')), unread: true }, 'me');
    assert.equal(read.data!.pages[0]!.items[0]!.unread, true);
  });

  test('a row that no longer matches leaves; a row new to the list is fetched', () => {
    const closed = withRow(
      list(),
      { view: 'all', status: 'open' },
      { row: eventRow(row('a', '2026-01-01T00:00:04Z', { status: 'closed' })) },
      'me',
    );
    assert.deepEqual(ids(closed.data), ['b']);
    assert.equal(closed.refetch, false);
    const fresh = withRow(list(), { view: 'all', status: 'open' }, { row: eventRow(row('c', '2026-01-01T00:00:05Z')) }, 'me');
    assert.equal(fresh.refetch, true);
    assert.deepEqual(ids(fresh.data), ['a', 'b']);
    const elsewhere = withRow(
      list(),
      { view: 'all', inboxId: 'in1' },
      { row: eventRow(row('c', '2026-01-01T00:00:05Z', { inboxId: 'in2' })) },
      'me',
    );
    assert.equal(elsewhere.refetch, false);
  });

  test('past the rows loaded, a moved row waits for its page', () => {
    const d = pages({ items: [row('a', '2026-01-01T00:00:03Z'), row('b', '2026-01-01T00:00:02Z')], nextCursor: 'x' });
    const r = withRow(d, { view: 'all' }, { row: eventRow(row('a', '2026-01-01T00:00:01Z')) }, 'me');
    assert.deepEqual(ids(r.data), ['b']);
  });

  test('views and filters', () => {
    const r = eventRow(row('a', '2026-01-01T00:00:03Z', { assignee: { id: 'me', name: 'Me', avatarUrl: null }, channel: 'email' }));
    assert.equal(rowMatches({ view: 'mine' }, r, 'me'), true);
    assert.equal(rowMatches({ view: 'mine' }, r, 'other'), false);
    assert.equal(rowMatches({ view: 'unassigned' }, r, 'me'), false);
    assert.equal(rowMatches({ view: 'email' }, r, 'me'), true);
    assert.equal(rowMatches({ view: 'chat' }, r, 'me'), false);
    assert.equal(rowMatches({ view: 'trash' }, r, 'me'), false);
    assert.equal(rowMatches({ view: 'all', assigneeId: 'none' }, r, 'me'), false);
    assert.equal(rowMatches({ view: 'all', from: '2026-01-01T00:00:04Z' }, r, 'me'), false);
    assert.equal(rowMatches({ view: 'all', q: 'order' }, r, 'me'), 'unknown');
    // A bot's conversation is in the Bots view, and in no inbox view until it is handed over.
    assert.equal(rowMatches({ view: 'bots' }, r, 'me'), false);
    const bot = eventRow(row('b', '2026-01-01T00:00:03Z', { isBot: true, channel: 'chat' }));
    assert.equal(rowMatches({ view: 'bots' }, bot, 'me'), true);
    assert.equal(rowMatches({ view: 'all' }, bot, 'me'), false);
    assert.equal(rowMatches({ view: 'chat' }, bot, 'me'), false);
    assert.equal(rowMatches({ view: 'unassigned' }, bot, 'me'), false);
  });

  test('a deleted conversation leaves every list', () => {
    assert.deepEqual(ids(withoutRow(list(), 'a')), ['b']);
  });

  test('counts change with a counted column, or when the event does not say', () => {
    assert.equal(changesCounts(['preview', 'last_message_at']), false);
    assert.equal(changesCounts([]), false);
    assert.equal(changesCounts(['status', 'closed_at']), true);
    assert.equal(changesCounts(['assignee_id', 'team_id']), true);
    assert.equal(changesCounts(undefined), true);
  });
});
