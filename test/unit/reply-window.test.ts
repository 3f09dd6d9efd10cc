/** Messenger's reply window: RESPONSE inside 24 h, MESSAGE_TAG/HUMAN_AGENT up to 7 days, nothing after (or never written). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replyRefusedOf, replyWindow, sendFields } from '../../src/server/domain/reply-window.js';

const now = new Date('2026-12-05T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const H = 3600_000;

test('the window by the age of the customer’s last message', () => {
  const cases: [string | null, ReturnType<typeof sendFields>][] = [
    [ago(0), { messaging_type: 'RESPONSE' }],
    [ago(23 * H), { messaging_type: 'RESPONSE' }],
    [ago(24 * H), { messaging_type: 'RESPONSE' }],
    [ago(24 * H + 1), { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }],
    [ago(3 * 24 * H), { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }],
    [ago(7 * 24 * H), { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }],
    [ago(7 * 24 * H + 1), null],
    [ago(8 * 24 * H), null],
    [null, null],
    ['not a time', null],
  ];
  for (const [last, want] of cases) assert.deepEqual(sendFields(replyWindow(last, now)), want, String(last));
});

test('only Messenger conversations are refused, and only once the window closed', () => {
  assert.deepEqual(replyRefusedOf({ channel_kind: 'messenger', last_incoming_at: ago(8 * 24 * H) }, now), {
    reason: 'messenger_window_closed',
  });
  assert.equal(replyRefusedOf({ channel_kind: 'messenger', last_incoming_at: ago(H) }, now), null);
  assert.equal(replyRefusedOf({ channel_kind: 'email', last_incoming_at: ago(30 * 24 * H) }, now), null);
  assert.equal(replyRefusedOf({ channel_kind: 'chat', last_incoming_at: null }, now), null);
});
