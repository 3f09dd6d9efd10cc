/** Email threading rules that need no database: subjects, our signed ids and reply addresses, forwarded mail. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forwardedOf } from '../../src/server/channels/email/parse.js';
import {
  conversationInReplyAddress,
  normalizeSubject,
  ourMessageId,
  outboundMessageId,
  replyAddress,
} from '../../src/server/domain/threading.js';

describe('subject normalising: replies and forwards land on the same thread', () => {
  const same: [string, string][] = [
    ['Re: Fwd: AW: Invoice 42', 'Invoice 42'],
    ['RE: re: Invoice 42', 'invoice 42'],
    ['SV: VS: Antw: Invoice 42', 'Invoice 42'],
    ['[SUPPORT] Re: Invoice 42', 'Invoice 42'],
    ['Re[2]: Invoice 42', 'Invoice 42'],
    ['Re:   Invoice    42  ', 'Invoice 42'],
    ['WG: TR: Réf: Invoice 42', 'Invoice 42'],
    // Some clients wrap a forward's whole subject in brackets.
    ['[Fwd: Invoice 42]', 'Invoice 42'],
    ['[SUPPORT] [Fwd: Invoice 42]', 'Invoice 42'],
  ];
  for (const [a, b] of same) test(`"${a}" threads with "${b}"`, () => assert.equal(normalizeSubject(a), normalizeSubject(b)));

  const different: [string, string][] = [
    ['Invoice 42', 'Invoice 43'],
    // A prefix only counts before a colon: "Reorder" is a word, not a reply.
    ['Reorder parts', 'order parts'],
    ['Re: Invoice 42', 'Invoice 42 (paid)'],
    // A subject that is only a bracketed word is that word, not empty.
    ['[Urgent]', '[Other]'],
  ];
  for (const [a, b] of different) test(`"${a}" stays apart from "${b}"`, () => assert.notEqual(normalizeSubject(a), normalizeSubject(b)));

  test('no subject is the empty subject', () => {
    assert.equal(normalizeSubject(null), '');
    assert.equal(normalizeSubject('Re: '), '');
  });
});

describe('our Message-IDs and reply addresses', () => {
  const key = Buffer.alloc(32, 7);
  const otherKey = Buffer.alloc(32, 8);
  const conv = '0190f1c2-7a3b-7c4d-8e5f-0a1b2c3d4e5f';
  const msg = '0190f1c2-7a3b-7c4d-8e5f-0a1b2c3d4e60';

  test('a reply to our Message-ID finds its conversation, signed', () => {
    const id = outboundMessageId(conv, msg, 'mail.example.com', key);
    assert.deepEqual(ourMessageId(id, key), { conversationId: conv, messageId: msg, signed: true });
    // Mail clients may change the case of ids.
    assert.deepEqual(ourMessageId(id.toUpperCase(), key), { conversationId: conv, messageId: msg, signed: true });
  });
  test('a forged MAC finds nothing; an id without a MAC (older mail) is unsigned', () => {
    assert.equal(ourMessageId(outboundMessageId(conv, msg, 'mail.example.com', otherKey), key), null);
    assert.deepEqual(ourMessageId(`sb.${conv}.${msg}@mail.example.com`, key), { conversationId: conv, messageId: msg, signed: false });
    assert.equal(ourMessageId('CAF=abc@mail.gmail.com', key), null);
  });
  test('the reply+ address names its conversation only with the right MAC, within 64 characters', () => {
    const addr = replyAddress(conv, 'mail.example.com', key);
    const local = addr.split('@')[0]!;
    assert.ok(local.length <= 64);
    assert.deepEqual(conversationInReplyAddress(local, key), { conversationId: conv, signed: true });
    assert.equal(conversationInReplyAddress(local, otherKey), null);
    assert.deepEqual(conversationInReplyAddress(`reply+${conv}`, key), { conversationId: conv, signed: false });
    assert.equal(conversationInReplyAddress('support', key), null);
  });
});

describe('forwarded mail: the original sender becomes the contact', () => {
  const cases: [string, string, { email: string; name?: string; subject?: string } | null][] = [
    [
      'Gmail',
      'FYI\n\n---------- Forwarded message ---------\nFrom: Ana Souza <ana@acme.test>\nDate: Mon, 1 Jan 2024\nSubject: Broken login\nTo: me@example.com\n\nIt fails.',
      { email: 'ana@acme.test', name: 'Ana Souza', subject: 'Broken login' },
    ],
    [
      'Outlook',
      '-----Original Message-----\nFrom: Bob Stone [mailto:bob@stone.test]\nSent: Monday\nSubject: Quote\n\nHello',
      { email: 'bob@stone.test', name: 'Bob Stone', subject: 'Quote' },
    ],
    [
      'Apple Mail',
      'Begin forwarded message:\n\nFrom: "Carol" <carol@c.test>\nSubject: Refund\n\nBody',
      { email: 'carol@c.test', name: 'Carol', subject: 'Refund' },
    ],
    [
      'Dutch client',
      '-------- Doorgestuurd bericht --------\nVan: Dirk <dirk@d.test>\nOnderwerp: Factuur\n\nTekst',
      { email: 'dirk@d.test', name: 'Dirk', subject: 'Factuur' },
    ],
    ['no forward marker', 'From: Eve <eve@e.test>\nSubject: Hi', null],
    ['a marker without a sender address', '---------- Forwarded message ---------\nFrom: someone\n\nx', null],
  ];
  for (const [what, text, want] of cases)
    test(what, () => {
      const f = forwardedOf(text);
      if (!want) return assert.equal(f, null);
      assert.ok(f);
      assert.deepEqual({ email: f.from.email, name: f.from.name, subject: f.subject }, want);
    });

  test('To and Cc of the forwarded block are kept, quoted commas inside names respected', () => {
    const f = forwardedOf(
      '---------- Forwarded message ---------\nFrom: a@a.test\nTo: "Smith, Carol" <carol@y.test>; dave@z.test\nCc: Bob <bob@x.test>\n\nbody',
    );
    assert.deepEqual(f?.to, [{ email: 'carol@y.test', name: 'Smith, Carol' }, { email: 'dave@z.test' }]);
    assert.deepEqual(f?.cc, [{ email: 'bob@x.test', name: 'Bob' }]);
  });
});
