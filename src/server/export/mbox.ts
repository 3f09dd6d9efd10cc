/**
 * An inbox's email conversations as mboxrd: one message per stored incoming mail and reply (not
 * internal notes or timeline lines), rebuilt from what is stored (the raw mail is not kept): its
 * addresses, subject, date, Message-ID and the thread's In-Reply-To and References, and the text
 * body. A body line that begins with `From `, after any number of `>`, gets one more `>` (mboxrd).
 */
import type { Database } from '../db/database.js';
import { decodeJson } from '../db/json.js';

interface Address {
  email: string;
  name?: string | null;
}

/** An RFC 2047 encoded word when the text is not plain ASCII. */
function headerText(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

function addressText(a: Address): string {
  if (!a.name) return `<${a.email}>`;
  const name = /^[\x20-\x7e]*$/.test(a.name) ? `"${a.name.replace(/[\\"]/g, '\\$&')}"` : headerText(a.name);
  return `${name} <${a.email}>`;
}

/** `<id>` for a stored Message-ID; our own stand-in for a message that has none (a hash, a note). */
export function messageIdOf(m: { id: string; external_id: string | null }): string {
  const ext = m.external_id?.replace(/^<|>$/g, '');
  return ext && /^[^\s<>@]+@[^\s<>@]+$/.test(ext) ? `<${ext}>` : `<${m.id}@export.switchboard.invalid>`;
}

/** The asctime of the mbox separator line: `Sat Dec  5 22:28:03 2026`. */
function asctime(iso: string): string {
  const d = new Date(iso);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const t = d.toISOString().slice(11, 19);
  return `${day} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${t} ${d.getUTCFullYear()}`;
}

/** mboxrd quoting of a body: `From ` after any `>` gains a `>`; lines end in LF and the body in one. */
export function mboxrdBody(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (/^>*From /.test(l) ? `>${l}` : l)).join('\n') + '\n';
}

function bodyPart(text: string): { encoding: string; body: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.every((l) => Buffer.byteLength(l) <= 998)) return { encoding: '8bit', body: mboxrdBody(text) };
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  return { encoding: 'base64', body: (b64.match(/.{1,76}/g) ?? []).join('\n') + '\n' };
}

interface Conv {
  id: string;
  subject: string | null;
  contact_email: string | null;
  contact_name: string | null;
  channel_address: string | null;
}

/** Writes the mboxrd of one inbox, conversation by conversation (a page of conversations in memory at a time). */
export async function writeInboxMbox(db: Database, inboxId: string, write: (s: string) => Promise<void>): Promise<number> {
  const k = db.kysely;
  let after: string | null = null;
  let n = 0;
  for (;;) {
    let q = k
      .selectFrom('conversations as c')
      .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
      .leftJoin('channels as ch', 'ch.id', 'c.channel_id')
      .select(['c.id', 'c.subject', 'ct.email as contact_email', 'ct.name as contact_name', 'ch.address as channel_address'])
      .where('c.inbox_id', '=', inboxId)
      .where('c.channel_kind', '=', 'email')
      .orderBy('c.id')
      .limit(100);
    if (after) q = q.where('c.id', '>', after);
    const convs: Conv[] = await q.execute();
    if (!convs.length) return n;
    for (const c of convs) n += await writeConversation(db, c, write);
    after = convs[convs.length - 1]!.id;
  }
}

async function writeConversation(db: Database, c: Conv, write: (s: string) => Promise<void>): Promise<number> {
  const msgs = await db.kysely
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .leftJoin('contacts as ct', 'ct.id', 'm.author_contact_id')
    .select([
      'm.id',
      'm.kind',
      'm.text',
      'm.external_id',
      'm.recipients',
      'm.created_at',
      'u.name as user_name',
      'u.email as user_email',
      'ct.name as contact_name',
      'ct.email as contact_email',
    ])
    .where('m.conversation_id', '=', c.id)
    .where('m.kind', 'in', ['incoming', 'reply'])
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const ids: string[] = [];
  const team: Address = { email: c.channel_address ?? 'inbox@export.switchboard.invalid' };
  const customer: Address = { email: c.contact_email ?? 'unknown@export.switchboard.invalid', name: c.contact_name };
  for (const m of msgs) {
    const incoming = m.kind === 'incoming';
    const from: Address = incoming
      ? { email: m.contact_email ?? customer.email, name: m.contact_name }
      : { email: team.email, name: m.user_name };
    const rec = decodeJson<{ to?: Address[]; cc?: Address[] } | null>(m.recipients, null);
    const to = incoming ? [team] : rec?.to?.length ? rec.to : [customer];
    const id = messageIdOf(m);
    const subject = c.subject ?? '';
    const { encoding, body } = bodyPart(m.text);
    const head = [
      `From ${from.email.replace(/\s/g, '')} ${asctime(m.created_at)}`,
      `From: ${addressText(from)}`,
      `To: ${to.map(addressText).join(', ')}`,
      ...(rec?.cc?.length ? [`Cc: ${rec.cc.map(addressText).join(', ')}`] : []),
      `Subject: ${headerText(incoming || !subject || /^re:/i.test(subject) ? subject : `Re: ${subject}`)}`,
      `Date: ${new Date(m.created_at).toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: ${id}`,
      ...(ids.length ? [`In-Reply-To: ${ids[ids.length - 1]}`, `References: ${ids.slice(-20).join(' ')}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      `Content-Transfer-Encoding: ${encoding}`,
    ];
    await write(`${head.join('\n')}\n\n${body}\n`);
    ids.push(id);
  }
  return msgs.length;
}
