import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  changeLine,
  changeMessage,
  conversationMessage,
  escapeSlack,
  type ChangeView,
} from '../../src/server/integrations/slack/message.js';
import { retryAfterSeconds } from '../../src/server/integrations/slack/web-api.js';
import { slackAlertOf } from '../../src/server/domain/slack-events.js';
import type { StoredEvent } from '../../src/server/events/events.js';

const view = {
  subject: 'Refund <now> & | later',
  contactName: 'Ada',
  inboxName: 'Billing',
  assigneeName: null,
  teamName: null,
  status: 'open' as const,
  link: 'https://sb.example/inbox/i1/all/c1',
};

test('what a change says, in one line', () => {
  const none: ChangeView = { assigned: false, assigneeName: null, teamName: null, closed: false, reopened: false };
  const cases: [Partial<ChangeView>, string][] = [
    [{ assigned: true, assigneeName: 'Anna' }, 'Assigned to Anna'],
    [{ assigned: true, assigneeName: 'Anna', teamName: 'Billing' }, 'Assigned to Anna (Billing)'],
    [{ assigned: true, teamName: 'Billing' }, 'Assigned to team Billing'],
    [{ assigned: true }, 'Unassigned'],
    [{ closed: true }, 'Closed'],
    [{ reopened: true }, 'Reopened'],
    [{ assigned: true, assigneeName: 'Bo', closed: true }, 'Assigned to Bo · Closed'],
  ];
  for (const [c, line] of cases) assert.equal(changeLine({ ...none, ...c }), line);
});

test('Slack’s control characters are escaped, and a subject cannot break its link', () => {
  assert.equal(escapeSlack('a <b> & c'), 'a &lt;b&gt; &amp; c');
  const m = conversationMessage(view, true);
  assert.equal(m.text, 'New conversation in Billing: Refund &lt;now&gt; &amp; | later');
  assert.ok(JSON.stringify(m.blocks).includes('<https://sb.example/inbox/i1/all/c1|Refund &lt;now&gt; &amp; ¦ later>'));
  assert.equal(
    changeMessage(view, { assigned: false, assigneeName: null, teamName: null, closed: true, reopened: false }).text,
    'Closed: <https://sb.example/inbox/i1/all/c1|Refund &lt;now&gt; &amp; ¦ later> (Billing)',
  );
});

test('Retry-After: seconds or a date; 1 s when missing', () => {
  assert.equal(retryAfterSeconds('30'), 30);
  assert.equal(retryAfterSeconds('0.2'), 1);
  assert.equal(retryAfterSeconds(null), 1);
  assert.equal(retryAfterSeconds('soon'), 1);
  assert.equal(retryAfterSeconds(new Date(Date.now() + 120_000).toUTCString()) >= 119, true);
});

test('a conversation a bot holds reaches Slack when the bot lets go of it, as a new one', () => {
  const event = (type: string, conversation: object, changes: string[] = []) =>
    ({ id: 1, type, inboxId: 'i1', conversationId: 'c1', internal: false, payload: { conversation, changes } }) as unknown as StoredEvent;
  assert.equal(slackAlertOf(event('conversation.created', { isBot: true, folder: 'inbox' })), null);
  assert.deepEqual(slackAlertOf(event('conversation.created', { isBot: false, folder: 'inbox' })), { kind: 'created', change: null });
  assert.deepEqual(slackAlertOf(event('conversation.updated', { isBot: false, folder: 'inbox', teamId: 't1' }, ['is_bot', 'team_id'])), {
    kind: 'created',
    change: null,
  });
  assert.equal(slackAlertOf(event('conversation.updated', { isBot: true, folder: 'inbox' }, ['preview'])), null);
});
