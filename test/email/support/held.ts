/** Held-mail replay tests: N messages kept aside over SMTP, and how many of them are stored, held and on disk. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Database } from '../../../src/server/db/database.js';

export const N = 300;

const raw = (i: number, to: string) =>
  [
    `From: <held${i % 30}@example.org>`,
    `To: <${to}>`,
    `Subject: Held ${i}`,
    `Message-ID: <held-${i}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    '',
    `Kept aside ${i}. ${'y'.repeat(3000)}`,
    '',
  ].join('\r\n');

/** Sends the N messages over one SMTP connection; each is answered 250 (kept aside, the channel is off). */
export async function sendAll(port: number, to: string): Promise<void> {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
  });
  try {
    for (let i = 0; i < N; i++) await t.sendMail({ envelope: { from: 'sender@example.org', to: [to] }, raw: raw(i, to) });
  } finally {
    t.close();
  }
}

export async function counts(db: Database, channelId: string) {
  const rows = await db.kysely
    .selectFrom('messages')
    .select('external_id')
    .where('channel_id', '=', channelId)
    .where('kind', '=', 'incoming')
    .execute();
  const byId = new Map<string, number>();
  for (const r of rows) byId.set(r.external_id!, (byId.get(r.external_id!) ?? 0) + 1);
  const held = Number(
    (
      await db.kysely
        .selectFrom('email_held')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('channel_id', '=', channelId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { stored: rows.length, byId, held };
}

export function assertEachOnce(byId: Map<string, number>) {
  const lost = Array.from({ length: N }, (_, i) => `held-${i}@example.org`).filter((id) => !byId.has(id));
  assert.deepEqual(lost, [], 'every held message is replayed');
  assert.deepEqual(
    [...byId].filter(([, n]) => n > 1),
    [],
    'none twice',
  );
  assert.equal(byId.size, N);
}

/** Files still kept aside under FILES_DIR/held. */
export function heldFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'files', 'held');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}
