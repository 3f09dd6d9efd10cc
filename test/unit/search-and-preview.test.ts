/** What search matches and what the list shows of a message. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { previewOf } from '../../src/server/domain/messages.js';
import { searchDocText, searchQueryWords, searchWords } from '../../src/server/domain/search-text.js';

describe('search text: what one types finds what was written', () => {
  const cases: [string, string, string][] = [
    ['accents do not matter', 'Café Müller, Åsa', 'cafe muller asa'],
    ['case does not matter', 'INVOICE Invoice invoice', 'invoice invoice invoice'],
    ['an address splits into its words', 'bob@example.com', 'bob example com'],
    ['punctuation and symbols separate words', 'order #42 — "urgent"!', 'order 42 urgent'],
    ['letters of other scripts stay', 'Привет 東京', 'привет 東京'],
  ];
  for (const [what, written, words] of cases) test(what, () => assert.equal(searchWords(written).join(' '), words));

  test('a conversation’s document joins its parts and skips empty ones', () => {
    assert.equal(searchDocText(['Re: Refund', null, 'Ana Souza', undefined, '', 'ana@acme.test']), 're refund ana souza ana acme test');
  });
  test('a query keeps at most eight words, normalised the same way', () => {
    assert.deepEqual(searchQueryWords('Élan  ÉLAN'), ['elan', 'elan']);
    assert.equal(searchQueryWords('one two three four five six seven eight nine ten').length, 8);
    assert.deepEqual(searchQueryWords('!!! ---'), []);
  });
});

describe('message preview in the list', () => {
  test('whitespace collapses to one space and the ends are trimmed', () => {
    assert.equal(previewOf('  Hello,\n\n  can you\thelp?  '), 'Hello, can you help?');
  });
  test('at most 200 characters', () => {
    assert.equal(previewOf('word '.repeat(100)).length, 200);
    assert.equal(previewOf('short'), 'short');
  });
  test('a long text that starts with a lot of whitespace still shows its words', () => {
    const p = previewOf(`${' \n'.repeat(5000)}${'x'.repeat(300)}`);
    assert.equal(p, 'x'.repeat(200));
  });
  test('an empty message has an empty preview', () => {
    assert.equal(previewOf(''), '');
    assert.equal(previewOf(' \n\t '), '');
  });
});
