/** A 400 answer gives each refused field a stable code (+ numbers) beside its English text; the app words the code in the user's language. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fieldErrorText, makeT, refusalText } from '../../src/web/i18n/index.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';

for (const engine of engines) {
  describe(`field error codes on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine });
    });
    after(() => s?.close());

    test('schema refusals: too long with its maximum, required, empty; the English text and message stay', async () => {
      const a = s.adminClient;
      const long = await a.post('/api/v1/teams', { name: 'x'.repeat(101) });
      assert.equal(long.status, 400);
      assert.equal(long.body.fields.name, 'must be at most 100 characters');
      assert.equal(long.body.message, 'name: must be at most 100 characters');
      assert.deepEqual(long.body.fieldErrors, { name: { code: 'too_long', params: { max: 100 } } });
      const t = makeT('nl');
      assert.equal(fieldErrorText(t, long.body.fieldErrors.name, long.body.fields.name), 'mag hoogstens 100 tekens lang zijn');
      assert.equal(fieldErrorText(makeT('sv'), long.body.fieldErrors.name, long.body.fields.name), 'får vara högst 100 tecken');
      assert.equal(fieldErrorText(makeT('en'), long.body.fieldErrors.name, long.body.fields.name), long.body.fields.name);

      const missing = await a.post('/api/v1/users', { email: 'x@example.com' });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body.fieldErrors.name, { code: 'required' });
      assert.equal(fieldErrorText(t, missing.body.fieldErrors.name, missing.body.fields.name), 'is verplicht');

      const empty = await a.post('/api/v1/teams', { name: '   ' });
      assert.deepEqual(empty.body.fieldErrors, { name: { code: 'empty' } });
      assert.equal(fieldErrorText(makeT('sv'), empty.body.fieldErrors.name, empty.body.fields.name), 'får inte vara tom');
    });

    test('domain refusals: a short password with its minimum, an unknown user; a rule without words keeps its English text', async () => {
      const a = s.adminClient;
      const short = await a.post('/api/v1/users', { email: 'short@example.com', name: 'Short', password: 'abc' });
      assert.equal(short.status, 400);
      assert.deepEqual(short.body.fieldErrors, { password: { code: 'too_short', params: { min: 10 } } });
      assert.equal(
        fieldErrorText(makeT('nl'), short.body.fieldErrors.password, short.body.fields.password),
        'moet minstens 10 tekens lang zijn',
      );

      const unknown = await a.post('/api/v1/teams', { name: 'Ghosts', userIds: ['nobody'] });
      assert.equal(unknown.status, 400);
      assert.deepEqual(unknown.body.fieldErrors, { userIds: { code: 'unknown_user' } });
      assert.equal(
        fieldErrorText(makeT('sv'), unknown.body.fieldErrors.userIds, unknown.body.fields.userIds),
        'innehåller en okänd användare',
      );

      const me = (await a.get('/api/v1/me')).body;
      const own = await a.patch(`/api/v1/users/${me.id}`, { role: 'agent' });
      assert.equal(own.status, 400);
      assert.deepEqual(own.body.fieldErrors, { role: { code: 'invalid' } });
      assert.equal(fieldErrorText(makeT('nl'), own.body.fieldErrors.role, own.body.fields.role), 'you cannot change your own role');
    });
    test('refusals without a field answer a reason code the app words; the English message stays for API users', async () => {
      const a = s.adminClient;
      assert.equal((await a.post('/api/v1/teams', { name: 'Twins' })).status, 201);
      const twin = await a.post('/api/v1/teams', { name: 'Twins' });
      assert.equal(twin.status, 409);
      assert.equal(twin.body.reason, 'team_exists');
      assert.equal(twin.body.message, 'A team with this name already exists');
      assert.equal(refusalText(makeT('nl'), 409, twin.body, twin.body.message), 'Er bestaat al een team met deze naam.');

      const pw = 'agent-pass-word-7';
      assert.equal((await a.post('/api/v1/users', { email: 'refused@example.com', name: 'Refused Agent', password: pw })).status, 201);
      const agent = await s.login('refused@example.com', pw);
      const notAdmin = await agent.post('/api/v1/teams', { name: 'Mine' });
      assert.equal(notAdmin.status, 403);
      assert.deepEqual([notAdmin.body.error, notAdmin.body.reason], ['forbidden', 'admin_only']);
      assert.equal(refusalText(makeT('sv'), 403, notAdmin.body, notAdmin.body.message), 'Bara administratörer kan ändra inställningar.');
      // A refusal without a reason (an older server, a proxy) reads as its status's generic words, the API's text as detail.
      assert.equal(refusalText(makeT('nl'), 409, undefined, 'Some English'), `${makeT('nl')('error.conflict')} (Some English)`);

      const contact = await a.post('/api/v1/contacts', { name: 'Solo Contact', email: 'solo@example.com' });
      const self = await a.post(`/api/v1/contacts/${contact.body.id}/merge`, { otherId: contact.body.id });
      assert.equal(self.status, 400);
      assert.deepEqual(self.body.fieldErrors, { otherId: { code: 'same_contact' } });
      assert.equal(fieldErrorText(makeT('nl'), self.body.fieldErrors.otherId, self.body.fields.otherId), 'is hetzelfde contact');
    });
  });
}
