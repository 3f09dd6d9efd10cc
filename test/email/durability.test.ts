/**
 * RFC 5321 §6.1 durability: several SMTP connections send while the server process is killed
 * with SIGKILL at random moments and restarted, over several rounds. Senders retry what was not
 * answered 250, as an MTA does. In the end every message that got 250 is stored, and every
 * message is stored exactly once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { Database } from '../../src/server/db/database.js';
import { engineSuite, isolatedStorage, PG_URL, type Engine } from '../support/engines.js';
import { childEnv, startChild, freePort } from './support/child.js';

const TOTAL = Number(process.env.DURABILITY_MESSAGES ?? 2000);
const CONNECTIONS = 6;

const raw = (i: number) =>
  [
    `From: <sender${i % 50}@example.org>`,
    'To: <support@switchboard.localhost>',
    `Subject: Durable ${i}`,
    `Message-ID: <durable-${i}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    '',
    `Message number ${i}. ${'x'.repeat(2000)}`,
    '',
  ].join('\r\n');

for (const engine of ['sqlite', 'postgres'] as Engine[]) {
  describe(`durability under SIGKILL on ${engine}`, await engineSuite(engine), () => {
    let child: ChildProcess | null = null;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    after(async () => {
      child?.kill('SIGKILL');
      await storage?.drop();
    });

    test(
      `${engine === 'sqlite' ? TOTAL : TOTAL / 2} messages from ${CONNECTIONS} connections, server killed at random moments: every 250 is stored exactly once`,
      { timeout: 240_000 },
      async () => {
        const total = engine === 'sqlite' ? TOTAL : TOTAL / 2;
        storage = await isolatedStorage(engine);
        const smtpPort = await freePort();
        const env = childEnv(storage, { SMTP_PORT: String(smtpPort) });
        child = (await startChild(env)).child;

        const accepted = new Set<number>();
        const pending = Array.from({ length: total }, (_, i) => i);
        let done = false;
        let kills = 0;

        const sender = async () => {
          let t = nodemailer.createTransport({
            host: '127.0.0.1',
            port: smtpPort,
            secure: false,
            ignoreTLS: true,
            pool: true,
            maxConnections: 1,
            maxMessages: Infinity,
            connectionTimeout: 3000,
          });
          while (pending.length) {
            const i = pending.shift()!;
            try {
              await t.sendMail({ envelope: { from: 'sender@example.org', to: ['support@switchboard.localhost'] }, raw: raw(i) });
              accepted.add(i);
            } catch {
              // Not acknowledged: the MTA keeps it and tries again later.
              pending.push(i);
              t.close();
              await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
              t = nodemailer.createTransport({
                host: '127.0.0.1',
                port: smtpPort,
                secure: false,
                ignoreTLS: true,
                pool: true,
                maxConnections: 1,
                maxMessages: Infinity,
                connectionTimeout: 3000,
              });
            }
          }
          t.close();
        };

        const killer = async () => {
          while (!done && kills < 6) {
            await new Promise((r) => setTimeout(r, 700 + Math.random() * 1500));
            if (done) break;
            child!.kill('SIGKILL');
            await new Promise((r) => child!.once('exit', r));
            kills++;
            child = (await startChild(env)).child;
          }
        };

        const killing = killer();
        await Promise.all(Array.from({ length: CONNECTIONS }, sender));
        done = true;
        await killing;
        assert.ok(kills >= 3, `the server was killed ${kills} times`);

        child!.kill('SIGKILL');
        await new Promise((r) => child!.once('exit', r));
        child = null;
        const db = new Database(
          storage.databaseUrl ? { url: PG_URL, schema: storage.schema } : { sqlitePath: path.join(storage.dataDir, 'switchboard.db') },
        );
        try {
          const rows = await db.kysely.selectFrom('messages').select('external_id').where('kind', '=', 'incoming').execute();
          const counts = new Map<string, number>();
          for (const r of rows) counts.set(r.external_id!, (counts.get(r.external_id!) ?? 0) + 1);
          const lost = [...accepted].filter((i) => !counts.has(`durable-${i}@example.org`));
          assert.deepEqual(lost, [], 'every message answered 250 is stored');
          assert.deepEqual(
            [...counts].filter(([, n]) => n > 1),
            [],
            'no message is stored twice',
          );
          assert.equal(accepted.size, total);
          assert.equal(rows.length, total);
          console.log(`durability (${engine}): ${total} messages, ${kills} SIGKILLs, all stored exactly once`);
        } finally {
          await db.close();
        }
      },
    );
  });
}
