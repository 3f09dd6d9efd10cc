/** Chatflows (F-CHAT.6): building and publishing a flow, and a visitor walking it on a real visitor socket. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { VisitorClient } from './support/visitor.js';

/** A flow's webhook receiver: records each request and answers with the JSON given. */
async function startFlowReceiver(answer: object) {
  const got: { headers: http.IncomingHttpHeaders; json: any }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, json: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => server.close() };
}

const thread = async (a: Client, id: string) => (await a.get(`/api/v1/conversations/${id}/messages`)).body.items as any[];
const botSession = (s: TestServer, id: string) => thread(s.adminClient, id).then((t) => t.filter((m) => m.fact?.kind?.startsWith('bot_')));

for (const engine of engines) {
  describe(`chatflows on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inboxId: string;
    let channelId: string;
    let receiver: Awaited<ReturnType<typeof startFlowReceiver>>;
    let pipelineId: string;

    before(async () => {
      receiver = await startFlowReceiver({ properties: { plan: 'gold' }, branch: 'vip' });
      s = await startTestServer({ engine, env: { ALLOW_PRIVATE_WEBHOOKS: '1' } });
      a = s.adminClient;
      inboxId = (await a.get('/api/v1/inboxes')).body.items[0].id;
      channelId = (await a.post(`/api/v1/inboxes/${inboxId}/channels`, { kind: 'chat', name: 'Site' })).body.id;
      pipelineId = (await a.get('/api/v1/pipelines')).body.items[0].id;
    });
    after(async () => {
      await s?.close();
      receiver?.close();
    });

    const support = () => ({
      name: 'Support bot',
      botName: 'Robin',
      steps: [
        { id: 'hi', type: 'message', text: 'Hi! I am Robin.', next: 'topic' },
        {
          id: 'topic',
          type: 'question',
          text: 'What is it about?',
          buttons: [{ label: 'Sales', next: 'sales' }, { label: 'Support' }],
          saveAs: 'topic',
          next: 'email',
        },
        { id: 'sales', type: 'handoff', toOwner: true },
        { id: 'email', type: 'capture_email', text: 'Your email, please?', next: 'size' },
        { id: 'size', type: 'question', text: 'How many seats?', input: 'number', saveAs: 'seats', next: 'tag' },
        { id: 'tag', type: 'set_property', key: 'source', value: 'chatbot', next: 'ticket' },
        { id: 'ticket', type: 'create_ticket', title: 'Lead from the chat', pipelineId, next: 'hook' },
        { id: 'hook', type: 'webhook', url: receiver.url, branches: { vip: 'vip' }, next: 'bye' },
        { id: 'vip', type: 'message', text: 'A gold customer: right away.', next: 'bye' },
        { id: 'bye', type: 'handoff' },
      ],
    });

    test('a flow with a broken target is kept as a draft and refused at publishing, naming the step and field', async () => {
      const flow = support();
      flow.steps[1] = { ...flow.steps[1]!, buttons: [{ label: 'Sales', next: 'nowhere' }, { label: 'Support' }] } as any;
      const created = await a.post(`/api/v1/channels/${channelId}/chatflows`, flow);
      assert.equal(created.status, 201);
      assert.deepEqual(
        created.body.problems.map((p: any) => [p.stepId, p.field]),
        [
          ['topic', 'buttons.0.next'],
          ['sales', 'id'],
        ],
      );
      const refused = await a.post(`/api/v1/chatflows/${created.body.id}/publish`);
      assert.equal(refused.status, 400);
      assert.match(refused.body.message, /steps\.1\.buttons\.0\.next/);
      assert.equal((await a.get(`/api/v1/chatflows/${created.body.id}`)).body.publishedVersion, null);
      // A shape the schema refuses is refused at once, naming the field.
      const bad = await a.post(`/api/v1/channels/${channelId}/chatflows`, { name: 'x', steps: [{ id: 'a', type: 'question' }] });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body.fields), /steps\.0\.text/);
      // An agent may not read or change flows: not found.
      const agent = await new Factory(s).user({ role: 'agent' });
      assert.ok([403, 404].includes((await agent.client.get(`/api/v1/chatflows/${created.body.id}`)).status));
      assert.ok([403, 404].includes((await agent.client.get(`/api/v1/channels/${channelId}/chatflows`)).status));
      await a.patch(`/api/v1/chatflows/${created.body.id}`, { enabled: false });
    });

    test('a visitor walks every kind of step; the conversation sits in the Bots view until the bot hands it over', async () => {
      const flow = (await a.post(`/api/v1/channels/${channelId}/chatflows`, support())).body;
      assert.deepEqual(flow.problems, []);
      assert.equal((await a.post(`/api/v1/chatflows/${flow.id}/publish`)).body.publishedVersion, 1);

      const { v } = await VisitorClient.hello(s.url, channelId, { name: 'Pat' });
      const ack = await v.say('bot01-client', 'Hello there');
      const id = ack.conversationId as string;
      await v.next((m) => m.type === 'message' && m.message.text === 'Hi! I am Robin.' && m.message.author === 'Robin');
      const q = await v.next((m) => m.type === 'message' && m.message.text === 'What is it about?');
      assert.deepEqual(q.message.buttons, ['Sales', 'Support']);
      assert.equal((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body.bots, 1);
      const bots = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=bots`)).body.items;
      assert.deepEqual(
        bots.map((c: any) => c.id),
        [id],
      );
      assert.equal((await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=unassigned&status=open`)).body.items.length, 0);

      await v.say('bot02-client', 'support');
      await v.next((m) => m.type === 'message' && m.message.text === 'Your email, please?');
      await v.say('bot03-client', 'not an address');
      // Asked again when the answer does not fit.
      await waitFor('asked again', async () => (await thread(a, id)).filter((m) => m.text === 'Your email, please?').length === 2);
      await v.say('bot04-client', 'Pat@Example.org');
      await v.next((m) => m.type === 'message' && m.message.text === 'How many seats?');
      await v.say('bot05-client', '12');
      await v.next((m) => m.type === 'message' && m.message.text === 'A gold customer: right away.');

      await waitFor('handed over', async () => (await botSession(s, id)).some((m) => m.fact.kind === 'bot_ended'));
      const ended = (await botSession(s, id)).find((m) => m.fact.kind === 'bot_ended');
      assert.deepEqual(ended.fact, { kind: 'bot_ended', bot: 'Robin', reason: 'handed_over' });
      assert.equal((await a.get(`/api/v1/views?inboxId=${inboxId}`)).body.bots, 0);
      // Nobody has to watch the Bots view: the team in the inbox is told of the hand-over, and only then.
      await waitFor('told', async () =>
        ((await a.get('/api/v1/notifications')).body.items as any[]).some((n) => n.kind === 'handover' && n.conversationId === id),
      );
      assert.deepEqual(
        ((await a.get('/api/v1/notifications')).body.items as any[]).filter((n) => n.conversationId === id).map((n) => n.kind),
        ['handover'],
      );
      const conv = (await a.get(`/api/v1/conversations/${id}`)).body;
      const contact = (await a.get(`/api/v1/contacts/${conv.contact.id}`)).body;
      assert.equal(contact.unverifiedEmail, 'pat@example.org');
      assert.equal(contact.email, null);
      assert.deepEqual(contact.properties, { topic: 'Support', seats: '12', source: 'chatbot', plan: 'gold' });
      // The ticket is the conversation's.
      const tickets = (await a.get(`/api/v1/tickets?conversationId=${id}`)).body.items as any[];
      assert.deepEqual(
        tickets.map((x) => x.title),
        ['Lead from the chat'],
      );
      // The webhook was signed like outgoing webhooks, with what the bot knew.
      const call = receiver.got.at(-1)!;
      assert.match(String(call.headers['webhook-signature']), /^v1,/);
      assert.equal(call.json.conversationId, id);
      assert.equal(call.json.contact.properties.seats, '12');
      // Bot messages are the bot's, and a bot reply is not a first response.
      const t = await thread(a, id);
      assert.ok(t.filter((m) => m.kind === 'reply').every((m) => m.author?.type === 'bot' && m.author.name === 'Robin'));
      assert.equal(conv.firstResponseAt ?? null, null);
      // Once handed over, the bot says nothing more.
      const before = (await thread(a, id)).length;
      await v.say('bot06-client', 'thanks');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await thread(a, id)).length, before + 1);
      // Reports: the bot's replies were no first response; the person's first reply is, timed from the hand-over.
      const today = `from=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}&inboxId=${inboxId}`;
      const firsts = async () =>
        ((await a.get(`/api/v1/reports/facts?kind=first_response&${today}`)).body.items as any[]).filter((f) => f.conversationId === id);
      assert.deepEqual(await firsts(), []);
      const handedAt = Date.parse(ended.createdAt);
      assert.equal((await a.post(`/api/v1/conversations/${id}/messages`, { kind: 'reply', body: 'Hello Pat, Sam here.' })).status, 201);
      const [first] = await firsts();
      assert.ok(first && first.seconds <= Math.ceil((Date.now() - handedAt) / 1000), JSON.stringify(first));
      const bot = ((await a.get(`/api/v1/reports/bots?${today}`)).body.flows as any[]).find((x) => x.flowId === flow.id);
      assert.deepEqual(
        { started: bot.started, completed: bot.completed, handedOver: bot.handedOver, emailCaptured: bot.emailCaptured },
        { started: 1, completed: 0, handedOver: 1, emailCaptured: 1 },
      );
      assert.equal(bot.steps[0].stepId, support().steps[0].id, 'the steps in the flow’s order');
      assert.ok(bot.steps.every((x: any) => x.reached === 1));
      v.close();
      await a.patch(`/api/v1/chatflows/${flow.id}`, { enabled: false });
    });

    test('an agent who answers mid-flow takes over; a visitor who asks for a person is handed over', async () => {
      const flow = (await a.post(`/api/v1/channels/${channelId}/chatflows`, support())).body;
      await a.post(`/api/v1/chatflows/${flow.id}/publish`);
      const one = await VisitorClient.hello(s.url, channelId);
      const id1 = (await one.v.say('take01-client', 'Hi')).conversationId;
      await one.v.next((m) => m.type === 'message' && m.message.text === 'What is it about?');
      assert.equal(
        (await a.post(`/api/v1/conversations/${id1}/messages`, { kind: 'reply', body: 'I am here, how can I help?' })).status,
        201,
      );
      const ended = (await botSession(s, id1)).find((m) => m.fact.kind === 'bot_ended');
      assert.equal(ended.fact.reason, 'taken_over');
      await one.v.say('take02-client', 'Sales');
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(!(await thread(a, id1)).some((m) => m.author?.type === 'bot' && m.createdAt > ended.createdAt));

      const two = await VisitorClient.hello(s.url, channelId);
      const id2 = (await two.v.say('ask01-client', 'Hi')).conversationId;
      await two.v.next((m) => m.type === 'message' && m.message.text === 'What is it about?');
      await two.v.say('ask02-client', 'Agent!');
      await waitFor('handed over', async () => (await botSession(s, id2)).some((m) => m.fact.reason === 'asked_for_agent'));
      one.v.close();
      two.v.close();
      await a.patch(`/api/v1/chatflows/${flow.id}`, { enabled: false });
    });

    test('a question nobody answers in time hands over; with nobody available the flow takes its other way', async () => {
      const flow = (
        await a.post(`/api/v1/channels/${channelId}/chatflows`, {
          name: 'Hours',
          steps: [
            { id: 'who', type: 'branch', on: { kind: 'availability' }, cases: [{ equals: 'away', next: 'later' }], otherwise: 'ask' },
            { id: 'ask', type: 'question', text: 'Anything else?', timeoutMinutes: 1, next: 'bye' },
            { id: 'later', type: 'handoff', nobodyAvailable: 'email' },
            { id: 'email', type: 'capture_email', text: 'Nobody is in. Your email?', next: 'bye' },
            { id: 'bye', type: 'end', text: 'Thanks!' },
          ],
        })
      ).body;
      assert.deepEqual(flow.problems, []);
      await a.post(`/api/v1/chatflows/${flow.id}/publish`);
      const one = await VisitorClient.hello(s.url, channelId);
      const id = (await one.v.say('late-0001', 'Hi')).conversationId;
      await one.v.next((m) => m.type === 'message' && m.message.text === 'Anything else?');
      // The minute passes (the server's clock is real: the wait is moved back instead, and the sweep finds it).
      const past = new Date(Date.now() - 1000).toISOString();
      await s.running.ctx.db.kysely.updateTable('bot_sessions').set({ due_at: past }).where('conversation_id', '=', id).execute();
      await waitFor('timed out', async () => (await botSession(s, id)).some((m) => m.fact.reason === 'timed_out'), 20_000);

      const everyone = ((await a.get('/api/v1/users')).body.items as any[]).map((u) => u.id as string);
      for (const u of everyone) await a.patch(`/api/v1/users/${u}`, { availability: 'away' });
      try {
        const two = await VisitorClient.hello(s.url, channelId);
        const id2 = (await two.v.say('late-0002', 'Hi')).conversationId;
        await two.v.next((m) => m.type === 'message' && m.message.text === 'Nobody is in. Your email?');
        await two.v.say('late-0003', 'sam@example.org');
        await two.v.next((m) => m.type === 'message' && m.message.text === 'Thanks!');
        await waitFor('finished', async () => (await botSession(s, id2)).some((m) => m.fact.reason === 'finished'));
        two.v.close();
      } finally {
        for (const u of everyone) await a.patch(`/api/v1/users/${u}`, { availability: 'available' });
      }
      one.v.close();
      await a.patch(`/api/v1/chatflows/${flow.id}`, { enabled: false });
    });

    test('a flow with page rules takes only the visitors who start on a page they pick', async () => {
      const flow = (
        await a.post(`/api/v1/channels/${channelId}/chatflows`, {
          name: 'Pricing',
          trigger: { pages: [{ op: 'contains', value: '/pricing' }] },
          steps: [
            { id: 'ask', type: 'question', text: 'Questions about a plan?', next: 'bye' },
            { id: 'bye', type: 'handoff' },
          ],
        })
      ).body;
      await a.post(`/api/v1/chatflows/${flow.id}/publish`);
      const on = await VisitorClient.hello(s.url, channelId, { page: 'http://shop.example/pricing/teams' });
      const onId = (await on.v.say('page-0001', 'Hi')).conversationId;
      await on.v.next((m) => m.type === 'message' && m.message.text === 'Questions about a plan?');
      const off = await VisitorClient.hello(s.url, channelId, { page: 'http://shop.example/about' });
      const offId = (await off.v.say('page-0002', 'Hi')).conversationId;
      const bots = (await a.get(`/api/v1/conversations?inboxId=${inboxId}&view=bots`)).body.items.map((c: any) => c.id);
      assert.ok(bots.includes(onId));
      assert.ok(!bots.includes(offId));
      assert.equal((await a.get(`/api/v1/conversations/${offId}`)).body.isBot, false);
      on.v.close();
      off.v.close();
      await a.patch(`/api/v1/chatflows/${flow.id}`, { enabled: false });
    });

    test('a conversation keeps the version it started with when the flow is published again', async () => {
      const flow = (await a.post(`/api/v1/channels/${channelId}/chatflows`, support())).body;
      await a.post(`/api/v1/chatflows/${flow.id}/publish`);
      const { v } = await VisitorClient.hello(s.url, channelId);
      const id = (await v.say('ver01-client', 'Hi')).conversationId;
      await v.next((m) => m.type === 'message' && m.message.text === 'What is it about?');
      const edited = support();
      (edited.steps[3] as any).text = 'Where can we reach you?';
      await a.patch(`/api/v1/chatflows/${flow.id}`, { draft: edited });
      assert.equal((await a.post(`/api/v1/chatflows/${flow.id}/publish`)).body.publishedVersion, 2);
      await v.say('ver02-client', 'Support');
      await v.next((m) => m.type === 'message' && m.message.text === 'Your email, please?');
      const other = await VisitorClient.hello(s.url, channelId);
      await other.v.say('ver03-client', 'Hi');
      await other.v.next((m) => m.type === 'message' && m.message.text === 'What is it about?');
      await other.v.say('ver04-client', 'Support');
      await other.v.next((m) => m.type === 'message' && m.message.text === 'Where can we reach you?');
      assert.ok(!(await thread(a, id)).some((m) => m.text === 'Where can we reach you?'));
      v.close();
      other.v.close();
    });
  });
}
