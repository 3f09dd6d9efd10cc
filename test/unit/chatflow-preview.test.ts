/** The builder's Try it: a draft flow run in the browser as the bot would run it on the server. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatflowDefinition } from '../../src/common/chatflow.js';
import { answerPreview, choosePreview, startPreview, type PreviewState } from '../../src/web/settings/chatflows/preview.js';

const flow = (steps: ChatflowDefinition['steps']): ChatflowDefinition => ({
  name: 'F',
  botName: 'Bot',
  trigger: { when: 'always', pages: [] },
  steps,
});
const said = (s: PreviewState) => s.lines.map((l) => (l.from === 'note' ? `(${l.note})` : `${l.from}: ${l.text}`));

const shop = flow([
  { id: 'hi', type: 'message', text: 'Hello!', next: 'ask' },
  {
    id: 'ask',
    type: 'question',
    text: 'Sales or support?',
    saveAs: 'topic',
    buttons: [
      { label: 'Sales', next: 'sales' },
      { label: 'Support', next: 'mail' },
    ],
  },
  { id: 'sales', type: 'handoff', teamId: 't1' },
  { id: 'mail', type: 'capture_email', text: 'Your email?', next: 'bye' },
  { id: 'bye', type: 'end', text: 'Thanks!' },
]);

describe('chatflow Try it', () => {
  test('messages run on to the first question, which waits with its buttons', () => {
    const s = startPreview(shop);
    assert.deepEqual(said(s), ['bot: Hello!', 'bot: Sales or support?']);
    assert.deepEqual(s.wait, { kind: 'answer', stepId: 'ask', buttons: ['Sales', 'Support'], input: 'button' });
  });

  test('a button (in any case, with spaces) goes its own way and saves its label', () => {
    for (const answer of ['Sales', ' sales ', 'SALES']) {
      const s = answerPreview(shop, startPreview(shop), answer);
      assert.deepEqual(said(s).slice(2), [`visitor: ${answer}`, '(handoff)']);
      assert.equal(s.properties.topic, 'Sales');
      assert.equal(s.wait.kind, 'done');
    }
  });

  test('a typed email is checked: asked again when it does not fit, saved when it does', () => {
    let s = answerPreview(shop, startPreview(shop), 'Support');
    assert.equal(s.wait.kind === 'answer' && s.wait.input, 'email');
    s = answerPreview(shop, s, 'not an address');
    assert.deepEqual(said(s).slice(-2), ['(retry)', 'bot: Your email?']);
    s = answerPreview(shop, s, ' Ana@Example.org ');
    assert.equal(s.properties.email, 'ana@example.org');
    assert.deepEqual(said(s).slice(-2), ['bot: Thanks!', '(end)']);
  });

  test('three answers that do not fit hand over, for every kind of typed answer', () => {
    const bad = { email: 'x', phone: 'call me', number: 'many' } as const;
    for (const [input, wrong] of Object.entries(bad)) {
      const f = flow([
        { id: 'q', type: 'question', text: 'Which?', input: input as keyof typeof bad, next: 'e' },
        { id: 'e', type: 'end' },
      ]);
      let s = startPreview(f);
      for (let i = 0; i < 3; i++) s = answerPreview(f, s, wrong);
      assert.equal(said(s).at(-1), '(handoff)', input);
      assert.equal(s.wait.kind, 'done');
    }
  });

  test('branches on the answer and on a property; a missing next goes to the inbox', () => {
    const f = flow([
      { id: 'q', type: 'question', text: 'Size?', input: 'any', saveAs: 'size', next: 'b' },
      { id: 'b', type: 'branch', on: { kind: 'answer' }, cases: [{ equals: 'big', next: 'p' }], otherwise: 'small' },
      { id: 'p', type: 'set_property', key: 'plan', value: 'pro', next: 'b2' },
      { id: 'b2', type: 'branch', on: { kind: 'property', key: 'plan' }, cases: [{ equals: 'PRO', next: 'big' }] },
      { id: 'big', type: 'message', text: 'Big it is.' },
      { id: 'small', type: 'message', text: 'Small then.' },
    ]);
    assert.deepEqual(said(answerPreview(f, startPreview(f), ' Big')).slice(1), [
      'visitor:  Big',
      '(property)',
      'bot: Big it is.',
      '(inbox)',
    ]);
    assert.deepEqual(said(answerPreview(f, startPreview(f), 'tiny')).slice(2), ['bot: Small then.', '(inbox)']);
  });

  test('availability, hours and webhook branches and a hand-over with "nobody available" wait for a choice', () => {
    const f = flow([
      { id: 'a', type: 'branch', on: { kind: 'availability' }, cases: [{ equals: 'away', next: 'w' }], otherwise: 'h' },
      { id: 'w', type: 'webhook', url: 'https://example.org/hook', branches: { vip: 'h' }, next: 'x' },
      { id: 'h', type: 'handoff', nobodyAvailable: 'x' },
      { id: 'x', type: 'end', text: 'Later!' },
    ]);
    let s = startPreview(f);
    assert.deepEqual(s.wait, { kind: 'choice', stepId: 'a', about: 'availability', options: ['available', 'away'] });
    s = choosePreview(f, s, 'away');
    assert.deepEqual(s.wait, { kind: 'choice', stepId: 'w', about: 'webhook', options: ['', 'vip'] });
    assert.deepEqual(said(choosePreview(f, s, '')), ['bot: Later!', '(end)']);
    s = choosePreview(f, s, 'vip');
    assert.equal(s.wait.kind === 'choice' && s.wait.about, 'handoff');
    assert.deepEqual(said(choosePreview(f, s, 'available')), ['(handoff)']);
    assert.deepEqual(said(choosePreview(f, s, 'away')), ['bot: Later!', '(end)']);
    // An option that was not offered changes nothing.
    assert.equal(choosePreview(f, s, 'maybe'), s);
  });

  test('a target that names no step and a flow that loops stop with a line', () => {
    const gone = flow([{ id: 'm', type: 'message', text: 'Hi', next: 'nowhere' }]);
    assert.deepEqual(said(startPreview(gone)), ['bot: Hi', '(missing)']);
    const loop = flow([
      { id: 'a', type: 'set_property', key: 'k', value: 'v', next: 'b' },
      { id: 'b', type: 'branch', on: { kind: 'property', key: 'k' }, cases: [{ equals: 'v', next: 'a' }] },
    ]);
    assert.equal(said(startPreview(loop)).at(-1), '(loop)');
  });
});
