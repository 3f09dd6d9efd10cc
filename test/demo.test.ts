/**
 * `switchboard demo` makes exactly what README.md promises, a history that reads like one (every
 * channel and folder used, closed and reopened conversations, answers after questions, times within
 * 90 days and in order), valid addresses only, and refuses a database that holds data unless forced.
 * The full default size once on SQLite; a smaller one on PostgreSQL, where --force is tried too.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { closeParsePool } from '../src/server/channels/email/parse-pool.js';
import { migrate } from '../src/server/db/migrate.js';
import { fillDemo, DEMO_DAYS, DEMO_FIXED, DEMO_SIZE, DemoRefused, type DemoSize } from '../src/server/demo/demo.js';
import { createCtx, type Ctx } from '../src/server/domain/context.js';
import { closeEmailBodyPool } from '../src/server/domain/email-body.js';
import { EventBus } from '../src/server/events/bus.js';
import { openDatabase } from '../src/server/db/open.js';
import { Secrets } from '../src/server/secrets.js';
import { engineSuite, isolatedStorage, type Engine } from './support/engines.js';

/** A strict address: lower-case ASCII local part and dot-separated domain labels, no spaces. */
const STRICT_EMAIL = /^[a-z0-9]+([._+-][a-z0-9]+)*@[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*\.[a-z]{2,}$/;
/**
 * The demo's history ends at the moment it runs, and its shape depends on that moment (weekends, office hours):
 * a fixed moment makes every run of this test write the same demo.
 */
const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
const SMALL: DemoSize = { conversations: 200, contacts: 60, companies: 10, tickets: 12 };

const runs: { engine: Engine; size: DemoSize }[] = [
  { engine: 'sqlite', size: DEMO_SIZE },
  { engine: 'postgres', size: SMALL },
];

after(async () => {
  await Promise.all([closeParsePool(), closeEmailBodyPool()]);
});

for (const { engine, size } of runs) {
  describe(`demo on ${engine} (${size.conversations} conversations)`, await engineSuite(engine), () => {
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let ctx: Ctx;
    let ranAt = 0;
    const count = async (table: 'conversations' | 'contacts' | 'tickets' | 'users' | 'teams' | 'inboxes') =>
      Number(
        (
          await ctx.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      storage = await isolatedStorage(engine);
      const db = openDatabase({ databaseUrl: storage.databaseUrl, dataDir: storage.dataDir }, storage.schema);
      await migrate(db);
      ctx = createCtx({
        db,
        bus: new EventBus(db),
        secrets: new Secrets(randomBytes(32), 'test'),
        mail: { filesDir: storage.dataDir, mailDomain: 'demo.example', maxMessageBytes: 10 * 1024 * 1024 },
      });
      ranAt = NOW;
      await fillDemo(ctx, () => {}, { size, now: NOW });
    });
    after(async () => {
      await ctx.db.close();
      await storage.drop();
    });

    test('makes exactly the promised numbers', async () => {
      assert.equal(await count('conversations'), size.conversations);
      assert.equal(await count('contacts'), size.contacts);
      assert.equal(await count('tickets'), size.tickets);
      assert.equal(await count('users'), DEMO_FIXED.users);
      assert.equal(await count('teams'), DEMO_FIXED.teams);
      assert.equal(await count('inboxes'), DEMO_FIXED.inboxes);
      const companies = await ctx.db.kysely.selectFrom('contacts').select('company').distinct().where('company', 'is not', null).execute();
      assert.equal(companies.length, size.companies);
      const owned = await ctx.db.kysely.selectFrom('contacts').select('id').where('owner_id', 'is not', null).execute();
      assert.ok(owned.length > 0, 'contacts have owners');
    });

    test('uses every channel and folder, closes and reopens, and moves tickets along', async () => {
      const rows = await ctx.db.kysely.selectFrom('conversations').select(['channel_kind', 'folder', 'status']).execute();
      for (const kind of ['email', 'chat', 'api'] as const)
        assert.ok(
          rows.some((r) => r.channel_kind === kind),
          `${kind} conversations`,
        );
      for (const folder of ['inbox', 'filtered', 'spam'] as const)
        assert.ok(
          rows.some((r) => r.folder === folder),
          `${folder} conversations`,
        );
      assert.ok(rows.some((r) => r.status === 'closed' && r.folder === 'inbox'));
      assert.ok(rows.some((r) => r.status === 'open' && r.folder === 'inbox'));
      const facts = await ctx.db.kysely
        .selectFrom('messages')
        .select('fact')
        .where('kind', '=', 'system')
        .where('fact', 'is not', null)
        .execute();
      const kinds = new Set(facts.map((f) => (JSON.parse(f.fact!) as { kind: string }).kind));
      for (const k of ['closed', 'reopened', 'took', 'assigned', 'ticket_created', 'folder']) assert.ok(kinds.has(k), `a "${k}" line`);
      // A customer writing after the close reopened the conversation: an incoming message after a "closed" line.
      const reopenedByCustomer = await ctx.db.kysely
        .selectFrom('messages as m')
        .innerJoin('messages as c', 'c.conversation_id', 'm.conversation_id')
        .select('m.conversation_id')
        .where('m.kind', '=', 'incoming')
        .where('c.kind', '=', 'system')
        .where('c.fact', 'like', '%"kind":"closed"%')
        .whereRef('m.created_at', '>', 'c.created_at')
        .limit(1)
        .execute();
      assert.equal(reopenedByCustomer.length, 1, 'a customer reopened a closed conversation');
      const stages = await ctx.db.kysely.selectFrom('tickets').select('stage_id').distinct().execute();
      assert.ok(stages.length > 1, 'tickets stand in several stages');
    });

    test('email threads carry HTML and files; chats come from visitors, some anonymous', async () => {
      const html = await ctx.db.kysely
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(['m.kind'])
        .where('c.channel_kind', '=', 'email')
        .where('m.html', 'is not', null)
        .execute();
      assert.ok(html.some((m) => m.kind === 'incoming') && html.some((m) => m.kind === 'reply'), 'HTML both ways');
      const files = await ctx.db.kysely.selectFrom('attachments').select(['filename', 'size']).execute();
      assert.ok(files.length > 0 && files.every((f) => Number(f.size) > 0), 'attachments');
      const threads = await ctx.db.kysely
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select('m.conversation_id')
        .where('c.channel_kind', '=', 'email')
        .where('m.kind', '=', 'incoming')
        .groupBy('m.conversation_id')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      assert.ok(threads.length > 0, 'customers answered in the same email thread');
      const anonymous = await ctx.db.kysely.selectFrom('contacts').select('id').where('email', 'is', null).execute();
      assert.ok(anonymous.length > 0, 'anonymous chat visitors');
    });

    test('every contact address is valid', async () => {
      const emails = await ctx.db.kysely.selectFrom('contacts').select('email').where('email', 'is not', null).execute();
      const bad = emails.map((e) => e.email!).filter((e) => !STRICT_EMAIL.test(e));
      assert.deepEqual(bad, []);
    });

    test('history: within 90 days, in order, answers after questions', async () => {
      const msgs = await ctx.db.kysely
        .selectFrom('messages')
        .select(['conversation_id', 'kind', 'created_at'])
        .orderBy('conversation_id')
        .orderBy('id')
        .execute();
      const from = ranAt - DEMO_DAYS * 86_400_000;
      const byConv = new Map<string, typeof msgs>();
      for (const m of msgs) {
        const t = Date.parse(m.created_at);
        assert.ok(t >= from && t <= Date.now(), `${m.created_at} lies within ${DEMO_DAYS} days`);
        byConv.set(m.conversation_id, [...(byConv.get(m.conversation_id) ?? []), m]);
      }
      let spread = 0;
      for (const [id, thread] of byConv) {
        for (let i = 1; i < thread.length; i++)
          assert.ok(thread[i]!.created_at >= thread[i - 1]!.created_at, `${id}: message ${i} is not older than the one before`);
        const said = thread.filter((m) => m.kind === 'incoming' || m.kind === 'reply');
        if (said.length > 1 && new Set(said.map((m) => m.created_at.slice(0, 16))).size === said.length) spread++;
        const firstIn = said.find((m) => m.kind === 'incoming');
        assert.ok(firstIn === said[0], `${id}: the customer writes first`);
        for (const r of said.filter((m) => m.kind === 'reply'))
          assert.ok(r.created_at > firstIn!.created_at, `${id}: a reply after the customer's message`);
      }
      assert.ok(spread > size.conversations / 4, 'messages of a conversation have their own minutes');
      const answered = await ctx.db.kysely
        .selectFrom('conversations')
        .select(['created_at', 'first_response_at'])
        .where('first_response_at', 'is not', null)
        .execute();
      assert.ok(answered.length > size.conversations / 2, 'most are answered');
      assert.ok(answered.every((c) => c.first_response_at! > c.created_at));
    });

    test('refuses a second run, naming --force; with --force it adds', async () => {
      await assert.rejects(
        fillDemo(ctx, () => {}, { size }),
        (e: unknown) => e instanceof DemoRefused && /--force/.test(e.message) && /already holds data/.test(e.message),
      );
      assert.equal(await count('conversations'), size.conversations, 'nothing added');
      if (size !== SMALL) return;
      await fillDemo(ctx, () => {}, { size, force: true });
      assert.equal(await count('conversations'), 2 * size.conversations);
      assert.equal(await count('users'), DEMO_FIXED.users, 'the demo team is reused');
    });
  });
}
