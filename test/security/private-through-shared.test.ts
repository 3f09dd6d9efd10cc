/**
 * Issue #13 §3: a private inbox stays private through the records it shares with everyone (its
 * contacts, teams, inbox and channel events). Each hole is tried by several agents who cannot read
 * the inbox, with variants generated here; the same actions by a member or an admin still work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { VisitorClient } from '../chat/support/visitor.js';
import { mail, sendRaw, startCapture, waitFor } from '../email/support/mail.js';
import { backfillReplyTo } from '../../src/server/db/migrations/015-reply-to.js';

let n = 0;
const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
/** A refusal that says nothing about what the actor may not see: no count, no subject, no inbox name. */
function assertSilentRefusal(r: { status: number; body: any }, what: string) {
  assert.equal(r.status, 403, `${what}: ${JSON.stringify(r.body)}`);
  const text = JSON.stringify(r.body);
  assert.doesNotMatch(text, /\d/, `${what}: the refusal counts nothing`);
  assert.doesNotMatch(text, /Vault|secret/i, `${what}: the refusal names nothing`);
}

for (const engine of engines) {
  describe(`private inboxes stay private through shared records on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let admin: Client;
    let member: Client;
    let memberId: string;
    /** Agents who get 404 on the private inbox: no membership, a team without access, a member of another inbox only. */
    const outsiders: { name: string; client: Client }[] = [];
    let vault: { id: string; fallbackAddress: string };
    let outsideTeamId: string;
    let vaultTeamId: string;
    let capture: Awaited<ReturnType<typeof startCapture>>;

    const makeUser = async (name: string, role = 'agent') => {
      const email = `${name.toLowerCase()}${uniq()}@example.com`;
      const r = await admin.post('/api/v1/users', { email, name, role, password: `password-${name}-1` });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.id as string, client: await s.login(email, `password-${name}-1`) };
    };
    /** A conversation in the private inbox from a customer's email; its contact is found by that address. */
    const privateMail = async (from: string, subject: string, headers: Record<string, string> = {}) => {
      assert.ok(
        (
          await sendRaw(
            s.running.smtpPort!,
            vault.fallbackAddress,
            mail({ to: vault.fallbackAddress, from, subject, text: `secret text of ${subject}`, headers }),
            from,
          )
        ).ok,
      );
      const find = async (view: string) =>
        (await member.get(`/api/v1/conversations?inboxId=${vault.id}&view=${view}`)).body.items.find((c: any) => c.subject === subject);
      const conv = await waitFor('the private conversation', async () => (await find('all')) ?? (await find('filtered')));
      return { id: conv.id as string, contactId: conv.contact.id as string };
    };
    /** The member's reply, as it reached the SMTP server. */
    const replyAt = async (conversationId: string, subject: string, body: string) => {
      const r = await member.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'reply', body });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return waitFor(`the reply "${body}"`, () =>
        capture.messages.find((m) => m.parsed.subject === subject && m.parsed.text?.includes(body)),
      );
    };

    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url, ALLOW_PRIVATE_MAIL_HOSTS: '1' } });
      admin = s.adminClient;
      const m = await makeUser('Mia');
      member = m.client;
      memberId = m.id;
      vaultTeamId = (await admin.post('/api/v1/teams', { name: 'Vault team', userIds: [memberId] })).body.id;
      vault = (
        await admin.post('/api/v1/inboxes', { name: 'Vault', access: { mode: 'specific', userIds: [memberId], teamIds: [vaultTeamId] } })
      ).body;
      const none = await makeUser('Ned');
      const teamed = await makeUser('Tess');
      const other = await makeUser('Otto');
      outsideTeamId = (await admin.post('/api/v1/teams', { name: 'Outside team', userIds: [teamed.id] })).body.id;
      await admin.post('/api/v1/inboxes', {
        name: `Other ${uniq()}`,
        access: { mode: 'specific', userIds: [other.id], teamIds: [outsideTeamId] },
      });
      outsiders.push(
        { name: 'no inbox', client: none.client },
        { name: 'team without access', client: teamed.client },
        { name: 'member of another inbox', client: other.client },
      );
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('editing a contact with private conversations is refused to who cannot read them; the next reply goes where the mail came from', async () => {
      const edits: Record<string, (x: string) => Record<string, unknown>> = {
        email: (x) => ({ email: `attacker-${x}@evil.example` }),
        phone: (x) => ({ phone: `+31 6 ${x.length}${x.length}` }),
        name: (x) => ({ name: `Not ${x}` }),
        company: (x) => ({ company: `Evil ${x}` }),
        properties: (x) => ({ properties: { note: x } }),
        'email and name': (x) => ({ email: `both-${x}@evil.example`, name: 'Victim' }),
      };
      for (const o of outsiders) {
        for (const [kind, edit] of Object.entries(edits)) {
          const tag = uniq();
          const customer = `victim-${tag}@example.org`;
          const subject = `Private ${tag}`;
          const conv = await privateMail(customer, subject);
          assert.equal((await o.client.get(`/api/v1/conversations/${conv.id}`)).status, 404, 'the outsider cannot read the conversation');
          const before = (await o.client.get(`/api/v1/contacts/${conv.contactId}`)).body;
          assert.equal(before.email, customer, 'the contact itself is a shared record');
          assertSilentRefusal(await o.client.patch(`/api/v1/contacts/${conv.contactId}`, edit(tag)), `${o.name} edits ${kind}`);
          assert.deepEqual((await admin.get(`/api/v1/contacts/${conv.contactId}`)).body, before, 'nothing changed');
          const got = await replyAt(conv.id, `Re: ${subject}`, `answer ${tag}`);
          assert.deepEqual(got.envelope.to, [customer], `${o.name} / ${kind}: the reply went to the customer`);
        }
      }
    });

    test('a member or admin may edit the contact; the change is on its timeline; replies still go to the address the conversation was written from', async () => {
      for (const [who, client] of [
        ['member', () => member],
        ['admin', () => admin],
      ] as const) {
        for (const headers of [{}, { 'Reply-To': 'Help Desk <desk@example.org>' }] as Record<string, string>[]) {
          const tag = uniq();
          const customer = `cust-${tag}@example.org`;
          const subject = `Moved ${tag}`;
          const conv = await privateMail(customer, subject, headers);
          const r = await client().patch(`/api/v1/contacts/${conv.contactId}`, { email: `new-${tag}@example.org`, phone: '+46 70 123' });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal(r.body.email, `new-${tag}@example.org`);
          const got = await replyAt(conv.id, `Re: ${subject}`, `hello ${tag}`);
          const expected = 'Reply-To' in headers ? 'desk@example.org' : customer;
          assert.deepEqual(got.envelope.to, [expected], `${who}: a reply goes to the conversation's own address (Reply-To, else From)`);
          const tl = (await client().get(`/api/v1/contacts/${conv.contactId}/timeline`)).body.items as any[];
          const change = tl.find((i) => i.type === 'activity' && i.activity.kind === 'change')?.activity;
          assert.ok(change, `${who}: the edit is on the timeline`);
          assert.deepEqual(
            change.data.changes.map((c: any) => [c.field, c.from, c.to]),
            [
              ['email', customer, `new-${tag}@example.org`],
              ['phone', null, '+46 70 123'],
            ],
          );
          assert.match(change.body, new RegExp(`email from “${customer}” to “new-${tag}@example\\.org”`));
          assert.ok(change.user?.id, 'who changed it');
        }
      }
      // A conversation the team started: it answers the address it was written to.
      const tag = uniq();
      const composed = await member.post('/api/v1/conversations', {
        inboxId: vault.id,
        to: { email: `lead-${tag}@example.org`, name: 'Lead' },
        subject: `Offer ${tag}`,
        html: '<p>first</p>',
      });
      assert.equal(composed.status, 201, JSON.stringify(composed.body));
      await waitFor('the composed mail', () => capture.messages.find((m) => m.parsed.subject === `Offer ${tag}`));
      const contactId = (await member.get(`/api/v1/conversations/${composed.body.id ?? composed.body.conversation?.id}`)).body.contact.id;
      assert.equal((await admin.patch(`/api/v1/contacts/${contactId}`, { email: `elsewhere-${tag}@example.org` })).status, 200);
      const again = await member.post(`/api/v1/conversations/${composed.body.id ?? composed.body.conversation?.id}/messages`, {
        kind: 'reply',
        body: `follow-up ${tag}`,
      });
      assert.equal(again.status, 201, JSON.stringify(again.body));
      const got = await waitFor('the follow-up', () => capture.messages.find((m) => m.parsed.text?.includes(`follow-up ${tag}`)));
      assert.deepEqual(got.envelope.to, [`lead-${tag}@example.org`]);
    });

    test("mail received before the upgrade is answered at its contact's address of the upgrade, not a later one", async () => {
      const tag = uniq();
      const conv = await privateMail(`legacy-${tag}@example.org`, `Legacy ${tag}`);
      const k = s.running.ctx.db.kysely;
      await k.updateTable('messages').set({ reply_to: null }).where('conversation_id', '=', conv.id).execute();
      await backfillReplyTo(k, s.running.ctx.db.engine);
      assert.equal((await member.patch(`/api/v1/contacts/${conv.contactId}`, { email: `later-${tag}@example.org` })).status, 200);
      const got = await replyAt(conv.id, `Re: Legacy ${tag}`, `legacy ${tag}`);
      assert.deepEqual(got.envelope.to, [`legacy-${tag}@example.org`]);
    });

    test("a chat visitor who left an email gets follow-ups there, whatever the contact's address becomes", async () => {
      const ch = (await admin.post(`/api/v1/inboxes/${vault.id}/channels`, { kind: 'chat', name: `Vault site ${uniq()}` })).body;
      const { v } = await VisitorClient.hello(s.url, ch.id, { name: 'Pat' });
      try {
        const tag = uniq();
        const ack = await v.say(`fu${tag}`.slice(0, 10), 'Please mail me back');
        v.send({ type: 'email', email: `pat-${tag}@example.org` });
        await v.next((m) => m.type === 'email-saved');
        const contactId = (await member.get(`/api/v1/conversations/${ack.conversationId}`)).body.contact.id;
        for (const o of outsiders)
          assertSilentRefusal(
            await o.client.patch(`/api/v1/contacts/${contactId}`, { email: `thief-${tag}@evil.example` }),
            `${o.name} edits the visitor`,
          );
        assert.equal((await admin.patch(`/api/v1/contacts/${contactId}`, { email: `pat-new-${tag}@example.org` })).status, 200);
        const body = `follow-up for ${tag}`;
        assert.equal((await member.post(`/api/v1/conversations/${ack.conversationId}/messages`, { kind: 'reply', body })).status, 201);
        const got = await waitFor('the follow-up email', () => capture.messages.find((m) => m.parsed.text?.includes(body)));
        assert.deepEqual(got.envelope.to, [`pat-${tag}@example.org`]);
      } finally {
        v.close();
      }
    });

    test('merging contacts with private conversations is refused either way; merges that are allowed record no count', async () => {
      for (const o of outsiders) {
        for (const direction of ['attacker into victim', 'victim into attacker'] as const) {
          const tag = uniq();
          const customer = `merge-${tag}@example.org`;
          const conv = await privateMail(customer, `Merge ${tag}`);
          const mine = (await o.client.post('/api/v1/contacts', { name: `Mine ${tag}`, email: `mine-${tag}@evil.example` })).body
            .id as string;
          const [keep, other] = direction === 'attacker into victim' ? [conv.contactId, mine] : [mine, conv.contactId];
          assertSilentRefusal(await o.client.post(`/api/v1/contacts/${keep}/merge`, { otherId: other }), `${o.name} merges ${direction}`);
          assert.equal((await admin.get(`/api/v1/contacts/${conv.contactId}`)).body.email, customer, 'the victim contact is still there');
          assert.equal((await admin.get(`/api/v1/contacts/${mine}`)).status, 200, 'and so is the other');
          assert.equal(
            (await member.get(`/api/v1/conversations/${conv.id}`)).body.contact.id,
            conv.contactId,
            'the conversation did not move',
          );
          const got = await replyAt(conv.id, `Re: Merge ${tag}`, `merged? ${tag}`);
          assert.deepEqual(got.envelope.to, [customer]);
        }
      }
      // A member merges (allowed); what an outsider then reads of it says nothing about the private conversations.
      const tag = uniq();
      const conv = await privateMail(`dup-${tag}@example.org`, `Dup ${tag}`);
      await privateMail(`dup-${tag}@example.org`, `Dup two ${tag}`);
      const keep = (await member.post('/api/v1/contacts', { name: `Keep ${tag}` })).body.id as string;
      const merged = await member.post(`/api/v1/contacts/${keep}/merge`, { otherId: conv.contactId });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      for (const viewer of [...outsiders.map((o) => o.client), member]) {
        const tl = (await viewer.get(`/api/v1/contacts/${keep}/timeline`)).body.items as any[];
        const record = tl.find((i) => i.type === 'activity' && i.activity.kind === 'merge')?.activity;
        assert.ok(record, 'the merge is recorded');
        assert.equal(record.data.conversations, undefined, 'no count of moved conversations');
        assert.doesNotMatch(record.body, /\d+ conversation/);
      }
      for (const o of outsiders) {
        const tl = (await o.client.get(`/api/v1/contacts/${keep}/timeline`)).body.items as any[];
        assert.deepEqual(
          tl.filter((i) => i.type !== 'activity'),
          [],
          `${o.name}: no private conversation on the timeline`,
        );
        assert.deepEqual((await o.client.get(`/api/v1/contacts/${keep}/conversations`)).body.items, []);
      }
      assert.equal(((await member.get(`/api/v1/contacts/${keep}/conversations`)).body.items as any[]).length, 2, 'the member sees both');
      // An older merge record that kept a count shows none.
      await s.running.ctx.db.kysely
        .updateTable('contact_activities')
        .set({ data: JSON.stringify({ conversations: 7 }) })
        .where('contact_id', '=', keep)
        .where('kind', '=', 'merge')
        .execute();
      const old = ((await outsiders[0]!.client.get(`/api/v1/contacts/${keep}/timeline`)).body.items as any[]).find(
        (i) => i.activity?.kind === 'merge',
      ).activity;
      assert.equal(old.data.conversations, undefined);
    });

    test('blocking or unblocking a contact with private conversations is refused to who cannot read them; a member still can', async () => {
      for (const o of outsiders) {
        for (const action of ['block', 'unblock'] as const) {
          const tag = uniq();
          const customer = `block-${tag}@example.org`;
          const conv = await privateMail(customer, `Block ${tag}`);
          if (action === 'unblock') assert.equal((await member.post(`/api/v1/contacts/${conv.contactId}/block`)).status, 200);
          assertSilentRefusal(await o.client.post(`/api/v1/contacts/${conv.contactId}/${action}`), `${o.name} ${action}s`);
          assert.equal((await admin.get(`/api/v1/contacts/${conv.contactId}`)).body.blocked, action === 'unblock');
          // The customer's next mail lands where it would have without the outsider.
          const next = await privateMail(customer, `Block next ${tag}`);
          const folder = (await member.get(`/api/v1/conversations/${next.id}`)).body.folder;
          assert.equal(folder, action === 'block' ? 'inbox' : 'filtered', `${o.name} ${action}: the private inbox's mail is unaffected`);
        }
      }
      const tag = uniq();
      const conv = await privateMail(`spam-${tag}@example.org`, `Spammy ${tag}`);
      assert.equal((await member.post(`/api/v1/contacts/${conv.contactId}/block`)).status, 200);
      const next = await privateMail(`spam-${tag}@example.org`, `Spammy again ${tag}`);
      assert.equal((await member.get(`/api/v1/conversations/${next.id}`)).body.folder, 'filtered');
      const tl = (await outsiders[0]!.client.get(`/api/v1/contacts/${conv.contactId}/timeline`)).body.items as any[];
      const line = tl.find((i) => i.activity?.kind === 'change')?.activity;
      assert.deepEqual(line?.data.changes, [{ field: 'blocked', from: false, to: true }], 'blocking is on the timeline');
      assert.match(line.body, /Mia blocked this contact/);
    });

    test('a conversation is given only to a team with access to its inbox', async () => {
      const conv = await privateMail(`team-${uniq()}@example.org`, `Teams ${uniq()}`);
      const lonely = (await admin.post('/api/v1/teams', { name: `Lonely ${uniq()}` })).body.id as string;
      const bodies = [
        { teamId: outsideTeamId },
        { teamId: lonely },
        { teamId: outsideTeamId, assigneeId: memberId },
        { teamId: lonely, status: 'closed' },
      ];
      for (const client of [member]) {
        for (const body of bodies) {
          const r = await client.patch(`/api/v1/conversations/${conv.id}`, body);
          assert.equal(r.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
          assert.match(JSON.stringify(r.body), /teamId/, 'the answer names the field');
          const now = (await member.get(`/api/v1/conversations/${conv.id}`)).body;
          assert.equal(now.teamId ?? null, null, 'no team was set');
          assert.equal(now.assignee ?? null, null, 'nothing else changed either');
          assert.equal(now.status, 'open');
        }
      }
      const ok = await member.patch(`/api/v1/conversations/${conv.id}`, { teamId: vaultTeamId });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.teamId, vaultTeamId);
      // An inbox open to everyone takes any team.
      const open = (await admin.get('/api/v1/inboxes')).body.items.find((i: any) => i.access.mode === 'everyone');
      const c = (await admin.post(`/api/v1/inboxes/${open.id}/conversations`, { contact: { email: `o${uniq()}@example.org` }, body: 'hi' }))
        .body;
      assert.equal((await admin.patch(`/api/v1/conversations/${c.id}`, { teamId: lonely })).status, 200);
    });

    test('inbox.updated and channel.updated events and channel details reach only those who may read the inbox', async () => {
      const streams = {
        member: await StreamClient.connect(s.url, { cookie: member.cookie }),
        admin: await StreamClient.connect(s.url, { cookie: admin.cookie }),
        ...Object.fromEntries(
          await Promise.all(outsiders.map(async (o) => [o.name, await StreamClient.connect(s.url, { cookie: o.client.cookie })] as const)),
        ),
      } as Record<string, StreamClient>;
      try {
        const channels = (await member.get(`/api/v1/inboxes/${vault.id}/channels`)).body.items as any[];
        const emailChannel = channels.find((c) => c.kind === 'email');
        // A private address literal: saved without a DNS lookup (ALLOW_PRIVATE_MAIL_HOSTS=1), distinct per run.
        const imapHost = `10.77.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
        // Changes to the private inbox and its channels: inbox.updated each, channel.updated for the chat channel.
        const mailbox = await admin.post(`/api/v1/inboxes/${vault.id}/mailboxes`, {
          name: 'Vault mailbox',
          address: `vault-${uniq()}@example.org`,
          imap: { host: imapHost, port: 1, secure: false, user: 'vault-imap-user', password: 'pw' },
          smtp: { host: imapHost, port: 1, secure: false, user: 'vault-smtp-user', password: 'pw' },
        });
        assert.equal(mailbox.status, 201, JSON.stringify(mailbox.body));
        assert.equal((await admin.patch(`/api/v1/channels/${emailChannel.id}`, { name: 'Vault mail' })).status, 200);
        const routed = await admin.patch(`/api/v1/channels/${emailChannel.id}`, { routing: { mode: 'unassigned' } });
        assert.equal(routed.status, 200, JSON.stringify(routed.body));
        const chat = await admin.post(`/api/v1/inboxes/${vault.id}/channels`, { kind: 'chat', name: 'Vault chat' });
        assert.equal(chat.status, 201, JSON.stringify(chat.body));
        assert.equal((await admin.patch(`/api/v1/inboxes/${vault.id}`, { name: 'Vault' })).status, 200);
        // A fence every user receives: whatever was meant for them has arrived before it.
        const fence = (await admin.post('/api/v1/users', { email: `fence${uniq()}@example.com`, name: 'Fence', role: 'agent' })).body.id;
        for (const st of Object.values(streams)) await st.next((m) => m.type === 'event' && m.payload?.userId === fence);

        for (const reader of ['member', 'admin']) {
          const got = streams[reader]!.events().filter((e) => e.event === 'inbox.updated' && e.payload.inboxId === vault.id);
          assert.ok(got.length >= 4, `${reader} hears of the inbox's changes (${got.length})`);
          const chatChanged = streams[reader]!.events().filter(
            (e) => e.event === 'channel.updated' && e.payload.channelId === chat.body.id,
          );
          assert.equal(chatChanged.length, 1, `${reader} hears of the new chat channel once, as channel.updated`);
          assert.equal(chatChanged[0].inboxId, vault.id);
        }
        const secrets = [vault.id, emailChannel.id, mailbox.body.id, chat.body.id, imapHost, 'vault-imap-user', 'Vault'];
        for (const o of outsiders) {
          const heard = JSON.stringify(streams[o.name]!.messages);
          for (const x of secrets) assert.ok(!heard.includes(x), `${o.name} heard nothing of the private inbox (${x})`);
          assert.equal(
            streams[o.name]!.events().filter((e) => e.event === 'inbox.updated').length,
            0,
            `${o.name}: no inbox.updated at all`,
          );
          assert.equal(
            streams[o.name]!.events().filter((e) => e.event === 'channel.updated').length,
            0,
            `${o.name}: no channel.updated at all`,
          );
          // Channel details: not found, nothing named.
          for (const path of [
            `/api/v1/channels/${mailbox.body.id}`,
            `/api/v1/channels/${emailChannel.id}`,
            `/api/v1/inboxes/${vault.id}/channels`,
          ]) {
            const r = await o.client.get(path);
            assert.equal(r.status, 404, `${o.name} GET ${path}`);
            for (const x of [imapHost, 'vault-imap-user', 'Vault']) assert.ok(!JSON.stringify(r.body).includes(x));
          }
          const r = await o.client.patch(`/api/v1/channels/${mailbox.body.id}`, { name: 'x' });
          assert.equal(r.status, 404, `${o.name} PATCH channel`);
        }
        // Readers do see the details.
        const detail = await member.get(`/api/v1/channels/${mailbox.body.id}`);
        assert.equal(detail.status, 200);
        assert.equal(detail.body.settings.imap.host, imapHost);
        assert.notEqual(detail.body.settings.imap.password, 'pw', 'the password never leaves the server');

        // Who loses access is told to refresh without the inbox being named.
        const before = streams['no inbox']!.messages.length;
        assert.equal(
          (await admin.patch(`/api/v1/inboxes/${vault.id}`, { access: { mode: 'specific', userIds: [memberId], teamIds: [vaultTeamId] } }))
            .status,
          200,
        );
        const note = await streams['no inbox']!.next(
          (m) => m.type === 'event' && m.event === 'user.updated' && m.payload?.inboxAccess === true,
        );
        assert.ok(note);
        assert.ok(!JSON.stringify(streams['no inbox']!.messages.slice(before)).includes(vault.id));
      } finally {
        for (const st of Object.values(streams)) st.close();
      }
    });
  });
}
