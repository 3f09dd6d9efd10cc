import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAddressList, parseAddressList } from '../../src/common/address-list.js';

test('To and Cc accept every form mail clients write', () => {
  const cases: [string, { email: string; name?: string }[]][] = [
    ['ana@example.org', [{ email: 'ana@example.org' }]],
    ['<ana@example.org>', [{ email: 'ana@example.org' }]],
    ['Ana Smith <ana@example.org>', [{ email: 'ana@example.org', name: 'Ana Smith' }]],
    ['"Smith, Ana" <Ana@Example.org>', [{ email: 'ana@example.org', name: 'Smith, Ana' }]],
    ['ana@example.org (Ana Smith)', [{ email: 'ana@example.org', name: 'Ana Smith' }]],
    [
      'Ana Smith <ana@example.org>, "Bo \\"B\\" Ek" <bo@example.se>; cy@example.nl',
      [{ email: 'ana@example.org', name: 'Ana Smith' }, { email: 'bo@example.se', name: 'Bo "B" Ek' }, { email: 'cy@example.nl' }],
    ],
    [
      'ana@example.org bo@example.se\ncy@example.nl',
      [{ email: 'ana@example.org' }, { email: 'bo@example.se' }, { email: 'cy@example.nl' }],
    ],
    ['  ana@example.org ,, ANA@example.org ; ', [{ email: 'ana@example.org' }]],
    ['Åsa Öberg <asa@example.se>', [{ email: 'asa@example.se', name: 'Åsa Öberg' }]],
    ['', []],
  ];
  for (const [text, list] of cases) assert.deepEqual(parseAddressList(text), { list, bad: null }, text);
});

test('what is not an address is named, and nothing is taken', () => {
  for (const [text, bad] of [
    ['ana', 'ana'],
    ['ana@example.org, bob', 'bob'],
    ['Ana Smith', 'Ana Smith'],
    ['Ana <not an address>', 'Ana <not an address>'],
    ['Ana Smith ana@example.org', 'Ana Smith ana@example.org'],
    ['"unclosed, ana@example.org', '"unclosed, ana@example.org'],
  ] as const) {
    assert.deepEqual(parseAddressList(text), { list: [], bad }, text);
  }
});

test('a formatted list reads back the same', () => {
  const list = [
    { email: 'ana@example.org', name: 'Smith, Ana' },
    { email: 'bo@example.se' },
    { email: 'cy@example.nl', name: 'Cy "C" <x>' },
  ];
  assert.deepEqual(parseAddressList(formatAddressList(list)), { list, bad: null });
});

test('hostile input is bounded: long, deep or odd text answers at once', () => {
  const seed = Number(process.env.TEST_SEED ?? Date.now() % 1e9);
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = ['"', '<', '>', '(', ')', ',', ';', '\\', '@', 'a', '.', ' ', '\n', 'é'];
  for (let i = 0; i < 2000; i++) {
    const text = Array.from({ length: Math.floor(rnd() * 60) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const r = parseAddressList(text);
    assert.ok(r.bad !== null || r.list.every((a) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email)), `seed ${seed}: ${JSON.stringify(text)}`);
  }
  assert.notEqual(parseAddressList('('.repeat(100_000)).bad, null);
  assert.notEqual(parseAddressList('a@b.co,'.repeat(3_000) + 'x').bad, null, 'longer than any real list');
});
