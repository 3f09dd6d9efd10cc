/** A support form's page token (age, form, forgery), its answers checked against the fields, and the hosted page's markup. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FormFieldOut } from '../../src/common/form-api.js';
import { renderFormPage } from '../../src/server/channels/form/page.js';
import type { Ctx } from '../../src/server/domain/context.js';
import { checkAnswers, checkPageToken, FormRefused, pageToken, tokenToShowAgain } from '../../src/server/domain/form-submissions.js';
import { defaultFields, normalizeFields } from '../../src/server/domain/forms.js';
import { DEFAULT_FORM_LIMITS } from '../../src/server/settings.js';

const ctx = { secrets: { serverKey: () => Buffer.alloc(32, 7) }, mail: { forms: DEFAULT_FORM_LIMITS } } as unknown as Ctx;
const otherKey = { ...ctx, secrets: { serverKey: () => Buffer.alloc(32, 8) } } as unknown as Ctx;
const reason = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    assert.ok(e instanceof FormRefused, String(e));
    return e.reason;
  }
};

test('the page token: at least 2 s and at most 24 h old, for its own form, under this server’s key', () => {
  const t0 = Date.parse('2026-12-01T10:00:00Z');
  const token = pageToken(ctx, 'form-1', t0);
  const cases: [string, () => unknown, string][] = [
    ['after 5 s', () => checkPageToken(ctx, 'form-1', token, t0 + 5000), 'accepted'],
    ['after 23 h', () => checkPageToken(ctx, 'form-1', token, t0 + 23 * 3600_000), 'accepted'],
    ['after 1 s', () => checkPageToken(ctx, 'form-1', token, t0 + 1000), 'token_too_fresh'],
    ['after 25 h', () => checkPageToken(ctx, 'form-1', token, t0 + 25 * 3600_000), 'token_expired'],
    ['another form', () => checkPageToken(ctx, 'form-2', token, t0 + 5000), 'token_invalid'],
    ['another server', () => checkPageToken(otherKey, 'form-1', token, t0 + 5000), 'token_invalid'],
    [
      'an earlier time written in',
      () => checkPageToken(ctx, 'form-1', token.replace(/^\d+/, String(t0 - 60_000)), t0 + 5000),
      'token_invalid',
    ],
    ['missing', () => checkPageToken(ctx, 'form-1', undefined, t0), 'token_missing'],
    ['junk', () => checkPageToken(ctx, 'form-1', 'a.b.c.d', t0), 'token_invalid'],
  ];
  for (const [name, fn, want] of cases) assert.equal(reason(fn), want, name);
});

test('answers are checked against the fields: required, email, choice, checkbox, file size', () => {
  const fields: FormFieldOut[] = [
    ...defaultFields('en'),
    { id: 'product', kind: 'choice', label: 'Product', help: null, required: true, choices: ['Lamp', 'Chair'] },
    { id: 'call', kind: 'checkbox', label: 'Call me', help: null, required: false, choices: [] },
    { id: 'photo', kind: 'file', label: 'Photo', help: null, required: false, choices: [] },
  ];
  const ok = checkAnswers(fields, { name: ' Ana ', email: 'Ana@Example.org', message: 'Hi', product: 'Lamp', call: 'on' }, new Map(), 100);
  assert.deepEqual(Object.fromEntries(ok.values), { name: 'Ana', email: 'ana@example.org', message: 'Hi', product: 'Lamp', call: 'yes' });
  try {
    checkAnswers(fields, { name: '', email: 'nope', message: 'Hi', product: 'Sofa' }, new Map(), 100);
    assert.fail('refused');
  } catch (e) {
    assert.ok(e instanceof FormRefused);
    assert.deepEqual([e.reason, e.fields], ['invalid', { name: 'required', email: 'email', product: 'choice' }]);
  }
  const big = new Map([['photo', { filename: 'a.png', data: Buffer.alloc(101) }]]);
  assert.equal(
    reason(() => checkAnswers(fields, { name: 'A', email: 'a@example.org', message: 'x', product: 'Lamp' }, big, 100)),
    'file_too_large',
  );
});

test('name and email are always kept and required; built-in kinds once each; choices only on choice fields', () => {
  const out = normalizeFields(
    [
      { kind: 'email', label: 'Mail', required: false },
      { kind: 'text', label: 'Order number', choices: ['x'] },
    ],
    'sv',
  );
  assert.deepEqual(
    out.map((f) => [f.id, f.kind, f.label, f.required, f.choices]),
    [
      ['name', 'name', 'Ditt namn', true, []],
      ['email', 'email', 'Mail', true, []],
      [out[2]!.id, 'text', 'Order number', false, []],
    ],
  );
  assert.throws(
    () =>
      normalizeFields(
        [
          { kind: 'message', label: 'a' },
          { kind: 'message', label: 'b' },
        ],
        'en',
      ),
    /only one message field/,
  );
  assert.throws(() => normalizeFields([{ kind: 'choice', label: 'Pick' }], 'en'), /at least one choice/);
});

test('the hosted page: its language, a label for every control, help and errors tied to it, text escaped', () => {
  const html = renderFormPage({
    slug: 's-1',
    name: 'Kontakt <us>',
    language: 'nl',
    fields: [...defaultFields('nl'), { id: 'f1', kind: 'text', label: 'Order "nr"', help: 'Op de bon', required: false, choices: [] }],
    enabled: true,
    token: 'tok',
    maxFileBytes: 1024,
    embed: false,
  });
  assert.match(html, /<html lang="nl">/);
  assert.match(html, /<title>Kontakt &lt;us&gt;<\/title>/);
  for (const id of ['name', 'email', 'subject', 'message', 'f1']) assert.match(html, new RegExp(`<label for="f-${id}">`), id);
  assert.match(html, /<label for="f-f1">Order &quot;nr&quot; <span class="opt">\(optioneel\)<\/span><\/label>/);
  assert.match(html, /id="f-f1" name="f1" aria-describedby="f-f1-help f-f1-err"/);
  assert.match(html, /<button type="submit">Versturen<\/button>/);
  assert.match(html, /class="hp" aria-hidden="true"/);
  const closed = renderFormPage({
    slug: 's',
    name: 'x',
    language: 'sv',
    fields: [],
    enabled: false,
    token: '',
    maxFileBytes: 1,
    embed: true,
  });
  assert.match(closed, /Formuläret tar inte emot meddelanden just nu\./);
  assert.doesNotMatch(closed, /<form/);
});

test('the page shown again without script: every kind keeps what was entered, each error beside its field in the form’s language', () => {
  const fields: FormFieldOut[] = [
    ...defaultFields('sv'),
    { id: 'product', kind: 'choice', label: 'Produkt', help: null, required: true, choices: ['Lampa', 'Stol "x"'] },
    { id: 'call', kind: 'checkbox', label: 'Ring mig', help: null, required: false, choices: [] },
    { id: 'notes', kind: 'long_text', label: 'Mer', help: null, required: false, choices: [] },
    { id: 'photo', kind: 'file', label: 'Foto', help: null, required: false, choices: [] },
  ];
  const values = {
    name: 'Åsa <b>',
    email: 'asa@x',
    subject: '',
    message: 'Rad 1\n</textarea><script>',
    product: 'Stol "x"',
    call: 'on',
    notes: '',
  };
  const html = renderFormPage({
    slug: 's',
    name: 'Kontakt',
    language: 'sv',
    fields,
    enabled: true,
    token: 'tok',
    maxFileBytes: 1024,
    embed: true,
    values,
    errors: { email: 'email', notes: 'too_long', subject: 'required' },
    status: 'Rätta fälten som är markerade nedan.',
  });
  assert.match(html, /<input type="text" maxlength="300" autocomplete="name" value="Åsa &lt;b&gt;" id="f-name"/);
  assert.match(
    html,
    /value="asa@x" id="f-email" name="email" aria-describedby="f-email-err" required aria-required="true" aria-invalid="true" autofocus>/,
  );
  assert.match(html, /<textarea id="f-message"[^>]*>\nRad 1\n&lt;\/textarea&gt;&lt;script&gt;<\/textarea>/);
  assert.match(html, /<option selected>Stol &quot;x&quot;<\/option>/);
  assert.doesNotMatch(html, /<option selected>Lampa/);
  assert.match(html, /<input type="checkbox" value="on" checked id="f-call"/);
  assert.match(html, /<p class="err" id="f-email-err">Ange en e-postadress, till exempel namn@exempel\.se\.<\/p>/);
  assert.match(html, /<p class="err" id="f-subject-err">Fältet är obligatoriskt\.<\/p>/);
  assert.match(html, /<p class="err" id="f-name-err" hidden><\/p>/, 'no error where none was');
  // The first field in the form's order with an error takes the focus, no other.
  assert.equal(html.match(/autofocus/g)?.length, 1);
  assert.match(html, /id="f-email"[^>]*autofocus/);
  assert.match(html, /<p id="sbf-status" class="status" role="alert" tabindex="-1">Rätta fälten/);
  assert.match(html, /<form id="sbf" method="post" action="\/f\/s\?embed=1" data-api="\/api\/v1\/forms\/s\/submissions"/);

  const sent = renderFormPage({
    slug: 's',
    name: 'Kontakt',
    language: 'sv',
    fields,
    enabled: true,
    token: 't',
    maxFileBytes: 1,
    embed: false,
    confirmation: 'Tack <3',
  });
  assert.match(sent, /<div id="sbf-done" class="done" role="status">Tack &lt;3<\/div>/);
  assert.doesNotMatch(sent, /<form/);
});

test('a page shown again keeps the token sent while it is good, else gets a new one', () => {
  const t0 = Date.parse('2026-12-01T10:00:00Z');
  const token = pageToken(ctx, 'form-1', t0);
  assert.equal(tokenToShowAgain(ctx, 'form-1', token, t0 + 60_000), token, 'good');
  assert.equal(tokenToShowAgain(ctx, 'form-1', token, t0 + 500), token, 'too fresh: it ages');
  for (const [name, given, at] of [
    ['missing', undefined, t0],
    ['expired', token, t0 + 25 * 3600_000],
    ['forged', token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), t0 + 60_000],
  ] as const) {
    const again = tokenToShowAgain(ctx, 'form-1', given, at);
    assert.notEqual(again, given, name);
    assert.equal(
      reason(() => checkPageToken(ctx, 'form-1', again, at + 60_000)),
      'accepted',
      name,
    );
  }
});
