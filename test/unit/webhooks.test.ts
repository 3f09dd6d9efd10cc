/**
 * Outgoing webhooks, the pure parts: which webhook event a stored event becomes, the retry schedule
 * (backoff with jitter that gives up after about three days), and signatures the Standard Webhooks
 * reference library accepts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { webhookTypesOf } from '../../src/server/domain/webhook-events.js';
import { newWebhookSecret, webhookHeaders } from '../../src/server/domain/webhook-signing.js';
import type { StoredEvent } from '../../src/server/events/events.js';
import { WEBHOOK_RETRY_WINDOW_MS, webhookRetryDelayMs } from '../../src/server/jobs/deliver-webhook.js';

const event = (type: StoredEvent['type'], payload: Record<string, unknown>) =>
  ({ id: 1, type, inboxId: 'i', conversationId: 'c', internal: false, createdAt: '', payloadJson: '', payload }) as StoredEvent;

test('stored events map onto the webhook event types, most specific first', () => {
  const cases: [StoredEvent, string[]][] = [
    [event('conversation.created', {}), ['conversation.created']],
    [
      event('conversation.updated', { changes: ['status'], conversation: { status: 'closed' } }),
      ['conversation.closed', 'conversation.updated'],
    ],
    [event('conversation.updated', { changes: ['status'], conversation: { status: 'open' } }), ['conversation.updated']],
    [event('conversation.updated', { changes: ['assignee_id'], conversation: {} }), ['conversation.assigned', 'conversation.updated']],
    [event('message.created', {}), ['message.created']],
    [event('contact.updated', { contactId: 'x', created: true }), ['contact.created']],
    [event('contact.updated', { contactId: 'x', changes: ['name'] }), ['contact.updated']],
    [event('contact.updated', { ticketId: 't', ticketCreated: true }), ['ticket.created']],
    [event('contact.updated', { ticketId: 't' }), ['ticket.updated']],
    [event('inbox.updated', {}), []],
  ];
  for (const [e, types] of cases) assert.deepEqual(webhookTypesOf(e), types, JSON.stringify(e.payload));
});

test('retries back off from 30 s to 8 h with ±20 % jitter and stop after about three days', () => {
  assert.equal(
    webhookRetryDelayMs(1, () => 0.5),
    30_000,
  );
  assert.equal(
    webhookRetryDelayMs(2, () => 0.5),
    60_000,
  );
  assert.equal(
    webhookRetryDelayMs(1, () => 0),
    24_000,
  );
  assert.equal(
    webhookRetryDelayMs(1, () => 1),
    36_000,
  );
  assert.equal(
    webhookRetryDelayMs(30, () => 0.5),
    8 * 3_600_000,
  );
  let elapsed = 0;
  let attempts = 0;
  while (elapsed <= WEBHOOK_RETRY_WINDOW_MS) elapsed += webhookRetryDelayMs(++attempts, () => 0.5);
  assert.ok(attempts >= 15 && attempts <= 20, String(attempts));
});

test('signatures verify with the reference library, with either secret while two are sent', () => {
  const [a, b] = [newWebhookSecret(), newWebhookSecret()];
  const body = JSON.stringify({ type: 'webhook.ping', timestamp: new Date().toISOString(), data: {} });
  const headers = webhookHeaders([a, b], 'msg_1', Math.floor(Date.now() / 1000), body);
  assert.deepEqual(new Webhook(a).verify(body, headers), JSON.parse(body));
  assert.deepEqual(new Webhook(b).verify(body, headers), JSON.parse(body));
  assert.throws(() => new Webhook(newWebhookSecret()).verify(body, headers));
  assert.throws(() => new Webhook(a).verify(body + ' ', headers));
});
