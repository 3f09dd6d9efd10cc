/** The sending identity of an email channel, seen at a real capture SMTP server: From name, signature, preview, a custom From address proven by a mailed code. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { mail, sendRaw, startCapture, waitFor, type Captured } from './support/mail.js';

for (const engine of engines) {
  describe(`email sending identity on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    let n = 0;

    const newInbox = async (name: string) => {
      const inbox = (await a.post('/api/v1/inboxes', { name })).body;
      const channel = (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email');
      return { inbox, channelId: channel.id as string };
    };
    /** A customer mails the inbox, the admin replies; resolves with the reply as the customer receives it. */
    const roundTrip = async (fallbackAddress: string, body = 'Your order has shipped.') => {
      const subject = `Order ${++n}`;
      assert.ok((await sendRaw(s.running.smtpPort!, fallbackAddress, mail({ to: fallbackAddress, from: 'rita@example.org', subject }))).ok);
      const conv = (await a.get('/api/v1/conversations?view=all')).body.items.find((c: any) => c.subject === subject);
      assert.equal((await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body })).status, 201);
      const got = await waitFor('the reply', () => capture.messages.find((m) => m.parsed.subject === `Re: ${subject}`));
      return { got, conv };
    };
    const codeSentTo = async (address: string, after: number) =>
      waitFor(`the code mailed to ${address}`, () => capture.messages.slice(after).find((m: Captured) => m.envelope.to.includes(address)));
    const codeOf = (m: Captured) => /Verification code: (\d{6})/.exec(m.parsed.text ?? '')![1]!;

    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
      a = s.adminClient;
      assert.equal((await a.patch('/api/v1/me', { name: 'Ana María Lopez' })).status, 200);
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('the From name is "agent from company" by default, or the company only; the company name is editable', async () => {
      const { inbox, channelId } = await newInbox('Acme Support');
      let { got } = await roundTrip(inbox.fallbackAddress);
      assert.equal(got.parsed.from?.value[0]?.name, 'Ana María Lopez from Acme Support');
      assert.equal(got.parsed.from?.value[0]?.address, inbox.fallbackAddress);

      const r = await a.patch(`/api/v1/channels/${channelId}`, { fromName: 'company', companyName: 'Acme' });
      assert.equal(r.status, 200);
      assert.equal(r.body.email.identity.fromName, 'company');
      assert.equal(r.body.email.identity.companyName, 'Acme');
      ({ got } = await roundTrip(inbox.fallbackAddress));
      assert.equal(got.parsed.from?.value[0]?.name, 'Acme');

      await a.patch(`/api/v1/channels/${channelId}`, { fromName: 'agent' });
      ({ got } = await roundTrip(inbox.fallbackAddress));
      assert.equal(got.parsed.from?.value[0]?.name, 'Ana María Lopez from Acme');
      assert.equal((await a.patch(`/api/v1/channels/${channelId}`, { fromName: 'robot' })).status, 400);
    });

    test('the "from" in the From name follows the channel\'s mail language: "Ana van Acme", "Ana från Acme"; the code mail too', async () => {
      const { inbox, channelId } = await newInbox('Acme NL');
      const r = await a.patch(`/api/v1/channels/${channelId}`, { language: 'nl', companyName: 'Acme' });
      assert.equal(r.status, 200);
      assert.equal(r.body.email.identity.language, 'nl');
      let { got } = await roundTrip(inbox.fallbackAddress);
      assert.equal(got.parsed.from?.value[0]?.name, 'Ana María Lopez van Acme');
      const before = capture.messages.length;
      assert.equal((await a.post(`/api/v1/channels/${channelId}/from-address`, { address: 'ana@acme-nl.example' })).status, 200);
      const code = await codeSentTo('ana@acme-nl.example', before);
      assert.match(code.parsed.subject ?? '', /^Je verificatiecode: \d{6}$/);
      assert.match(code.parsed.text ?? '', /verloopt over 30 minuten/);

      assert.equal((await a.patch(`/api/v1/channels/${channelId}`, { language: 'sv' })).status, 200);
      ({ got } = await roundTrip(inbox.fallbackAddress));
      assert.equal(got.parsed.from?.value[0]?.name, 'Ana María Lopez från Acme');
      assert.equal((await a.patch(`/api/v1/channels/${channelId}`, { language: 'de' })).status, 400);
      assert.equal((await a.get(`/api/v1/channels/${channelId}`)).body.email.identity.language, 'sv');
    });

    test("a text signature is appended with the agent's name tokens; an HTML one is sanitized and sent as HTML and text", async () => {
      const { inbox, channelId } = await newInbox('Signatures');
      await a.patch(`/api/v1/channels/${channelId}`, {
        signature: { format: 'text', body: 'Best,\n{{first_name}} ({{last_name}})\n{{full_name}}, Acme' },
      });
      let { got } = await roundTrip(inbox.fallbackAddress, 'Shipped today.');
      assert.match(got.parsed.text!, /Shipped today\.\n\n-- \nBest,\nAna \(María Lopez\)\nAna María Lopez, Acme/);
      assert.equal(got.parsed.html, false, 'text only: no HTML part');

      const r = await a.patch(`/api/v1/channels/${channelId}`, {
        signature: { format: 'html', body: '<p>Cheers, <b>{{first_name}}</b><img src=x onerror="alert(1)"><script>alert(2)</script></p>' },
      });
      assert.equal(r.status, 200);
      assert.doesNotMatch(r.body.email.identity.signature.body, /script|onerror/);
      ({ got } = await roundTrip(inbox.fallbackAddress, 'Line one\nLine <two>'));
      assert.match(String(got.parsed.html), /Line one<br>Line &lt;two&gt;/);
      assert.match(String(got.parsed.html), /<div class="signature"><p>Cheers, <b>Ana<\/b>/);
      assert.doesNotMatch(String(got.parsed.html), /script|onerror/);
      assert.match(got.parsed.text!, /Line <two>\n\n-- \nCheers, Ana/);
    });

    test('the preview shows the From line and the signed body without saving', async () => {
      const { inbox, channelId } = await newInbox('Preview');
      await a.patch(`/api/v1/channels/${channelId}`, { companyName: 'Acme' });
      const p = await a.post(`/api/v1/channels/${channelId}/signature-preview`, {
        format: 'html',
        body: '<i>{{full_name}}</i><script>x</script>',
      });
      assert.equal(p.status, 200);
      assert.equal(p.body.from, `Ana María Lopez from Acme <${inbox.fallbackAddress}>`);
      assert.match(p.body.html, /<div class="signature"><i>Ana María Lopez<\/i><\/div>$/);
      assert.match(p.body.text, /-- \nAna María Lopez$/);
      assert.equal((await a.get(`/api/v1/channels/${channelId}`)).body.email.identity.signature.body, '', 'not saved');
      // The text part reads like the HTML: entities decoded, list items and links kept (one conversion for every text part).
      const rich = await a.post(`/api/v1/channels/${channelId}/signature-preview`, {
        format: 'html',
        body: '<p>Prices from &#8364;10 &amp; up</p><ul><li>Phone</li></ul><a href="https://acme.example">Acme</a>',
      });
      assert.match(rich.body.text, /-- \nPrices from €10 & up\n\n?- Phone\n\n?Acme \(https:\/\/acme\.example\)$/);
      // Switching a signature to plain text uses the same conversion, its tokens left for each agent.
      const asText = await a.post(`/api/v1/channels/${channelId}/signature-preview`, {
        format: 'html',
        body: '<div><b>{{first_name}}</b></div><div>Acme &amp; Co</div>',
      });
      assert.equal(asText.body.signatureText, '{{first_name}}\nAcme & Co');
    });

    test('a custom From address is usable only after the mailed code is typed; replies to it still thread back', async () => {
      const { inbox, channelId } = await newInbox('Custom From');
      const custom = 'hello@acme.example';
      assert.equal(
        (await a.patch(`/api/v1/channels/${channelId}`, { fromAddress: custom })).status,
        400,
        'unverified address refused as From',
      );
      assert.equal((await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code: '123456' })).status, 400, 'no code waiting');

      const mark = capture.messages.length;
      const req = await a.post(`/api/v1/channels/${channelId}/from-address`, { address: custom });
      assert.equal(req.status, 200);
      assert.equal(req.body.email.identity.pending.address, custom);
      assert.equal(req.body.email.identity.fromAddress, null);
      const code = codeOf(await codeSentTo(custom, mark));
      const k = s.running.ctx.db.kysely;
      const row = await k
        .selectFrom('email_address_verifications')
        .selectAll()
        .where('channel_id', '=', channelId)
        .executeTakeFirstOrThrow();
      assert.ok(!row.code_hash.includes(code), 'stored hashed');
      await waitFor('the code scrubbed from the outbox job', async () => {
        const job = await k.selectFrom('jobs').select('payload').where('dedupe_key', '=', `verify:${row.id}`).executeTakeFirst();
        return job && !job.payload.includes(code);
      });

      const wrong = code === '000000' ? '000001' : '000000';
      const bad = await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code: wrong });
      assert.equal(bad.status, 400);
      assert.match(bad.body.fields.code, /Wrong code \(4 tries left\)/);
      assert.equal((await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code: '12ab' })).status, 400);
      let { got } = await roundTrip(inbox.fallbackAddress);
      assert.equal(got.parsed.from?.value[0]?.address, inbox.fallbackAddress, 'still the default before the code');

      // An expired code is refused, even the right one.
      await k
        .updateTable('email_address_verifications')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', row.id)
        .execute();
      const late = await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code });
      assert.equal(late.status, 400);
      assert.match(late.body.fields.code, /expired/);

      const mark2 = capture.messages.length;
      await a.post(`/api/v1/channels/${channelId}/from-address`, { address: custom });
      const code2 = codeOf(await codeSentTo(custom, mark2));
      const ok = await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code: code2 });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.email.identity.fromAddress, custom);
      assert.equal(ok.body.email.identity.pending, null);
      assert.deepEqual(ok.body.email.identity.verifiedAddresses, [custom]);

      const trip = await roundTrip(inbox.fallbackAddress);
      got = trip.got;
      const conv = trip.conv;
      assert.equal(got.parsed.from?.value[0]?.address, custom);
      const replyTo = got.parsed.replyTo!.value[0]!.address!;
      assert.match(replyTo, new RegExp(`^reply\\+${conv.id}\\.[0-9a-f]{16}@switchboard\\.localhost$`));
      assert.ok(
        (
          await sendRaw(
            s.running.smtpPort!,
            replyTo,
            mail({ to: replyTo, from: 'rita@example.org', subject: 'new subject', inReplyTo: got.parsed.messageId! }),
          )
        ).ok,
      );
      const thread = (await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items as any[];
      assert.deepEqual(
        thread.map((m) => m.kind),
        ['incoming', 'reply', 'incoming'],
        'the answer threads back',
      );

      // Back to the default, and to the verified address again without a new code.
      assert.equal((await a.patch(`/api/v1/channels/${channelId}`, { fromAddress: null })).body.email.identity.fromAddress, null);
      assert.equal((await a.patch(`/api/v1/channels/${channelId}`, { fromAddress: custom })).body.email.identity.fromAddress, custom);
    });

    test('five wrong codes use the code up: even the right one is then refused', async () => {
      const { channelId } = await newInbox('Guessing');
      const address = 'guess@acme.example';
      const mark = capture.messages.length;
      await a.post(`/api/v1/channels/${channelId}/from-address`, { address });
      const code = codeOf(await codeSentTo(address, mark));
      const wrong = code === '999999' ? '999998' : '999999';
      for (let i = 0; i < 5; i++)
        assert.equal((await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code: wrong })).status, 400);
      const r = await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code });
      assert.equal(r.status, 400);
      assert.match(r.body.fields.code, /Too many/);
      assert.equal((await a.get(`/api/v1/channels/${channelId}`)).body.email.identity.fromAddress, null);
    });

    test('a channel may ask for five codes an hour; an older code stops working once a new one is sent', async () => {
      const { channelId } = await newInbox('Many codes');
      const address = 'many@acme.example';
      const codes: string[] = [];
      for (let i = 0; i < 5; i++) {
        const mark = capture.messages.length;
        assert.equal((await a.post(`/api/v1/channels/${channelId}/from-address`, { address })).status, 200);
        codes.push(codeOf(await codeSentTo(address, mark)));
      }
      const sixth = await a.post(`/api/v1/channels/${channelId}/from-address`, { address });
      assert.equal(sixth.status, 429);
      assert.match(sixth.body.fields.address, /Too many codes/);
      const older = codes.slice(0, -1).find((c) => c !== codes[4]);
      if (older)
        assert.equal(
          (await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code: older })).status,
          400,
          'an older code is refused',
        );
      assert.equal((await a.post(`/api/v1/channels/${channelId}/from-address/confirm`, { code: codes[4]! })).status, 200);
    });

    test('one From name per sending address: a second channel on the same address must use the same name', async () => {
      const shared = 'team@acme.example';
      const verify = async (channelId: string) => {
        const mark = capture.messages.length;
        await a.post(`/api/v1/channels/${channelId}/from-address`, { address: shared });
        const code = codeOf(await codeSentTo(shared, mark));
        return (body = { code }) => a.post(`/api/v1/channels/${channelId}/from-address/confirm`, body);
      };
      const one = await newInbox('Sales');
      await a.patch(`/api/v1/channels/${one.channelId}`, { fromName: 'company', companyName: 'Acme' });
      assert.equal((await (await verify(one.channelId))()).status, 200);

      const two = await newInbox('Billing');
      const confirm = await verify(two.channelId);
      const clash = await confirm();
      assert.equal(clash.status, 409);
      assert.match(clash.body.fields.fromName, /team@acme\.example.*"Email"/);
      assert.equal((await a.get(`/api/v1/channels/${two.channelId}`)).body.email.identity.fromAddress, null, 'nothing changed');

      await a.patch(`/api/v1/channels/${two.channelId}`, { fromName: 'company', companyName: 'Acme' });
      assert.equal((await confirm()).status, 200, 'the same name: allowed');
      const rename = await a.patch(`/api/v1/channels/${one.channelId}`, { companyName: 'Acme Sales' });
      assert.equal(rename.status, 409);
      assert.ok(rename.body.fields.fromName);
      assert.equal((await a.get(`/api/v1/channels/${one.channelId}`)).body.email.identity.companyName, 'Acme');
    });
  });
}
