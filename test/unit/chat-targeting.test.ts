/** The chat contract's targeting and audience: where the widget shows and who may start a chat. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inAudience, pageTargeted, ruleMatches, type TargetRule } from '../../src/common/chat-contract.js';
import { ChatSettingsInput } from '../../src/common/chat-schema.js';
import { claimedPage, startRefusal } from '../../src/server/channels/chat/targeting.js';
import { propertyEquals } from '../../src/server/channels/chat/audience.js';

const page = 'https://shop.example/pricing?plan=team';

describe('targeting rules', () => {
  const cases: [TargetRule, string, boolean][] = [
    [{ op: 'is', value: page }, page, true],
    [{ op: 'is', value: 'https://shop.example/pricing' }, page, false],
    [{ op: 'is_not', value: 'https://shop.example/checkout' }, page, true],
    [{ op: 'is_not', value: page }, page, false],
    [{ op: 'contains', value: '/pricing' }, page, true],
    [{ op: 'contains', value: '/careers' }, page, false],
    [{ op: 'starts_with', value: 'https://shop.example/' }, page, true],
    [{ op: 'starts_with', value: 'https://blog.shop.example/' }, page, false],
    // Text comparison: a prefix without its trailing slash also matches a longer host name (admins write the slash).
    [{ op: 'starts_with', value: 'https://shop.example' }, 'https://shop.example.evil.test/', true],
    [{ op: 'contains', value: 'PRICING' }, page, false],
  ];
  for (const [rule, url, want] of cases)
    test(`${rule.op} ${JSON.stringify(rule.value)} on ${url}: ${want ? 'shown' : 'hidden'}`, () => {
      assert.equal(ruleMatches(rule, url), want);
    });

  test('no rules: every page, even an unknown one', () => {
    assert.equal(pageTargeted([], page), true);
    assert.equal(pageTargeted([], undefined), true);
  });
  test('several rules: any one matching shows the widget', () => {
    const rules: TargetRule[] = [
      { op: 'contains', value: '/careers' },
      { op: 'starts_with', value: 'https://shop.example/pri' },
    ];
    assert.equal(pageTargeted(rules, page), true);
    assert.equal(pageTargeted(rules, 'https://shop.example/about'), false);
  });
  test('rules but no page: hidden', () => {
    assert.equal(pageTargeted([{ op: 'is_not', value: page }], undefined), false);
  });
});

describe('audience', () => {
  const cases: [Parameters<typeof inAudience>[0], boolean, boolean][] = [
    ['everyone', false, true],
    ['everyone', true, true],
    ['known', true, true],
    ['known', false, false],
    ['anonymous', false, true],
    ['anonymous', true, false],
    // Known contacts with a property: being identified is checked here, the property on the server.
    ['property', true, true],
    ['property', false, false],
  ];
  for (const [audience, identified, want] of cases)
    test(`${audience}, ${identified ? 'signed in' : 'anonymous'} visitor: ${want ? 'may chat' : 'may not'}`, () => {
      assert.equal(inAudience(audience, identified), want);
    });
});

describe('server-side start check', () => {
  const rules: TargetRule[] = [{ op: 'contains', value: '/pricing' }];
  test('says why a conversation may not start, or nothing', () => {
    assert.equal(startRefusal({ audience: 'known', targeting: [] }, page, false), 'This chat is only for signed-in users');
    assert.equal(
      startRefusal({ audience: 'anonymous', targeting: [] }, page, true),
      'This chat is only for visitors who are not signed in',
    );
    assert.equal(
      startRefusal({ audience: 'everyone', targeting: rules }, 'https://shop.example/about', false),
      'The chat is not available on this page',
    );
    assert.equal(startRefusal({ audience: 'everyone', targeting: rules }, undefined, false), 'The chat is not available on this page');
    assert.equal(startRefusal({ audience: 'everyone', targeting: rules }, page, false), null);
    assert.equal(startRefusal({ audience: 'known', targeting: rules }, page, true), null);
    // A property audience answers an anonymous visitor as "known contacts" does: nothing about the property.
    assert.equal(startRefusal({ audience: 'property', targeting: [] }, page, false), 'This chat is only for signed-in users');
    assert.equal(startRefusal({ audience: 'property', targeting: [] }, page, true, false), 'This chat is not available to you');
    assert.equal(startRefusal({ audience: 'property', targeting: rules }, page, true, true), null);
  });
  test('a property value matches as written, without regard to case or surrounding spaces', () => {
    assert.equal(propertyEquals('Gold', 'gold'), true);
    assert.equal(propertyEquals(' gold ', 'GOLD'), true);
    assert.equal(propertyEquals(42, '42'), true);
    assert.equal(propertyEquals(true, 'true'), true);
    assert.equal(propertyEquals('Golden', 'gold'), false);
    assert.equal(propertyEquals(null, 'null'), false);
    assert.equal(propertyEquals(undefined, 'undefined'), false);
  });
  test('a page URL counts only on the origin the socket was opened from', () => {
    assert.equal(claimedPage(page, 'https://shop.example'), page);
    assert.equal(claimedPage(page, 'https://other.example'), undefined);
    assert.equal(claimedPage('not a url', 'https://shop.example'), undefined);
    assert.equal(claimedPage(undefined, 'https://shop.example'), undefined);
  });
});

describe('settings input', () => {
  test('rules are trimmed, empty values and unknown operators refused', () => {
    assert.deepEqual(ChatSettingsInput.parse({ targeting: [{ op: 'contains', value: '  /pricing ' }] }).targeting, [
      { op: 'contains', value: '/pricing' },
    ]);
    assert.equal(ChatSettingsInput.safeParse({ targeting: [{ op: 'contains', value: '   ' }] }).success, false);
    assert.equal(ChatSettingsInput.safeParse({ targeting: [{ op: 'matches', value: '.*' }] }).success, false);
    assert.equal(ChatSettingsInput.safeParse({ audience: 'admins' }).success, false);
    assert.equal(ChatSettingsInput.safeParse({ audienceProperty: { key: 'plan', value: '  ' } }).success, false);
  });
  test('allowed origins keep only scheme, host and port', () => {
    assert.deepEqual(ChatSettingsInput.parse({ allowedOrigins: ['https://shop.example:8443/path?q=1'] }).allowedOrigins, [
      'https://shop.example:8443',
    ]);
  });
});
