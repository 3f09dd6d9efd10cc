/**
 * Erasing a contact (GDPR's right to be forgotten, `DELETE /api/v1/contacts/:id?erase=true`). In one
 * transaction: every message the contact wrote loses its text, HTML, addresses and attachments; in
 * their own conversations (those whose contact they are) the subject, the preview, the page and the
 * team's replies and comments to them go too (they quote and name them), while messages of other
 * contacts stay as they were; timeline lines, tickets' titles and notifications lose their name and
 * addresses; the chat visitor keys they used are revoked and their Messenger sender ids forgotten;
 * their search documents are rebuilt from what is left; the events and webhook deliveries of those
 * conversations (which carry their text) are deleted; the contact row goes, and with it their notes,
 * tasks, calls and deals. The conversations stay, marked `contact_erased_at` ("erased contact"),
 * with a timeline line naming who erased and nothing erased. Report facts hold no personal text and
 * stay. Files (attachments, the picture) are removed after the commit.
 */
import type { Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { forUpdate } from '../db/locks.js';
import { replaceSearchText } from '../db/search.js';
import { removeFile } from '../files/store.js';
import { authorizeContactPrivacy, type Actor } from '../permissions/policy.js';
import { write, type Ctx, type Writer } from './context.js';
import { changeConversation, rowForEvent } from './conversations.js';
import { authorizeContactsChange, getContact } from './contacts.js';
import { conflict, notFound } from './errors.js';
import { previewOf } from './messages.js';

const ERASED = 'erased contact';
/** Ids per `in (…)` list: well under SQLite's and PostgreSQL's limits on bound values. */
const CHUNK = 500;

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Replaces every needle (case-insensitive) in a text by "erased contact". */
export function scrubText(text: string, needles: string[]): string {
  let out = text;
  for (const n of needles) {
    const re = new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    out = out.replace(re, ERASED);
  }
  return out;
}

/** The same for every string inside a JSON value. */
function scrubValue(v: unknown, needles: string[]): unknown {
  if (typeof v === 'string') return scrubText(v, needles);
  if (Array.isArray(v)) return v.map((x) => scrubValue(x, needles));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubValue(x, needles)]));
  return v;
}

/** What identifies the contact in free text: name, addresses, phone (a name of one letter would scrub every word). */
function needlesOf(c: { name: string | null; email: string | null; unverified_email?: string | null; phone: string | null }): string[] {
  return [c.email, c.unverified_email, c.phone, c.name]
    .map((x) => x?.trim() ?? '')
    .filter((x) => x.length >= 3)
    .sort((a, b) => b.length - a.length);
}

/**
 * `DELETE /api/v1/contacts/:id` without `erase`: removes a contact that has nothing attached (a mistaken
 * entry, a duplicate), with its notes, tasks, calls and deals; one with conversations or tickets is refused
 * (409 `contact_has_conversations`): what was said stays unless an admin erases the person (`erase=true`).
 */
export async function deleteContact(ctx: Ctx, actor: Actor, id: string, erase: boolean): Promise<void> {
  if (erase) return eraseContact(ctx, actor, id);
  const c = await getContact(ctx, actor, id);
  const picture = await write(ctx, async (w) => {
    await authorizeContactsChange(w.trx, actor, [id]);
    const conv = await w.trx.selectFrom('conversations').select('id').where('contact_id', '=', id).limit(1).executeTakeFirst();
    const ticket = await w.trx.selectFrom('tickets').select('id').where('contact_id', '=', id).limit(1).executeTakeFirst();
    if (conv || ticket)
      throw conflict('contact_has_conversations', 'This contact has conversations or tickets; an admin can erase it with erase=true');
    const row = await w.trx.selectFrom('contacts').select('picture_path').where('id', '=', c.id).executeTakeFirst();
    if (!row) throw notFound('Contact not found');
    await w.trx.deleteFrom('contacts').where('id', '=', id).execute();
    w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: id, deleted: true } });
    return row.picture_path;
  });
  if (picture) removeFile(ctx.mail.filesDir, picture);
}

export async function eraseContact(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  authorizeContactPrivacy(actor);
  const exists = await ctx.db.kysely.selectFrom('contacts').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) throw notFound('Contact not found');
  const files = await write(ctx, (w) => eraseContactRows(w, id, actor.id));
  // After the commit: a failed transaction leaves every file where it was.
  for (const f of files) removeFile(ctx.mail.filesDir, f);
}

/** The erasure inside a caller's write; returns the stored files to remove once it commits. */
export async function eraseContactRows(w: Writer, id: string, actorId: string): Promise<string[]> {
  const t = w.trx;
  // Locked first: a message being recorded for them (its foreign key check) waits for this commit, then finds no contact.
  const contact = await forUpdate(w.db.engine, t.selectFrom('contacts').selectAll().where('id', '=', id)).executeTakeFirst();
  if (!contact) throw notFound('Contact not found');
  const needles = needlesOf(contact);
  const emails = [contact.email, contact.unverified_email].filter((e): e is string => !!e).map((e) => e.toLowerCase());
  const files: string[] = contact.picture_path ? [contact.picture_path] : [];

  const own = await forUpdate(w.db.engine, t.selectFrom('conversations').selectAll().where('contact_id', '=', id)).execute();
  const ownIds = own.map((c) => c.id);
  const written = await t
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'channel_id', 'external_id'])
    .where('author_contact_id', '=', id)
    .execute();
  const affected = [...new Set([...ownIds, ...written.map((m) => m.conversation_id)])];

  // The messages to blank: theirs anywhere; in their own conversations also the team's replies and comments to them.
  const blank = new Set(written.map((m) => m.id));
  for (const part of chunks(ownIds)) {
    const rows = await t
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', 'in', part)
      .where((eb) =>
        eb.or([eb('kind', 'in', ['reply', 'comment']), eb.and([eb('kind', '=', 'incoming'), eb('author_contact_id', 'is', null)])]),
      )
      .execute();
    for (const r of rows) blank.add(r.id);
  }
  const blankIds = [...blank];

  // Website chat: the visitor keys their messages came with stop working (the widget starts over, empty).
  const visitorKeys = new Map<string, string>();
  for (const m of written) {
    const k = /^chat:(.+?):/.exec(m.external_id ?? '')?.[1];
    if (k) visitorKeys.set(`${m.channel_id}\u0000${k}`, k);
  }
  for (const [key, visitorKey] of visitorKeys) {
    const channelId = key.split('\u0000')[0]!;
    await t
      .insertInto('chat_revocations')
      .values({ channel_id: channelId, visitor_key: visitorKey, revoked_at: w.at })
      .onConflict((oc) => oc.columns(['channel_id', 'visitor_key']).doUpdateSet({ revoked_at: w.at }))
      .execute();
  }

  for (const part of chunks(blankIds)) {
    const atts = await t.selectFrom('attachments').select('storage_path').where('message_id', 'in', part).execute();
    files.push(...atts.map((a) => a.storage_path));
    await t.deleteFrom('attachments').where('message_id', 'in', part).execute();
    await t
      .updateTable('messages')
      .set({
        text: '',
        html: null,
        recipients: null,
        reply_to: null,
        sender_auth: null,
        external_id: null,
        delivery_error: null,
        mentions: '[]',
      })
      .where('id', 'in', part)
      .execute();
  }

  for (const part of chunks(affected)) {
    // Timeline lines that named them (a link, an address left in a chat).
    if (needles.length) {
      const lines = await t
        .selectFrom('messages')
        .select(['id', 'text', 'fact'])
        .where('conversation_id', 'in', part)
        .where('kind', '=', 'system')
        .execute();
      for (const l of lines) {
        const text = scrubText(l.text, needles);
        const fact = l.fact ? encodeJson(scrubValue(decodeJson(l.fact, null), needles)) : null;
        if (text !== l.text || fact !== (l.fact ?? null))
          await t.updateTable('messages').set({ text, fact }).where('id', '=', l.id).execute();
      }
    }
    // Their text travels in these: events (the stream's replay, webhooks' source) and webhook deliveries.
    await t.deleteFrom('events').where('conversation_id', 'in', part).execute();
    await t.deleteFrom('webhook_deliveries').where('conversation_id', 'in', part).execute();
    const notes = await t.selectFrom('notifications').select(['id', 'data']).where('conversation_id', 'in', part).execute();
    for (const n of notes) {
      const data = { ...decodeJson<Record<string, unknown>>(n.data, {}), subject: null, contactName: null, excerpt: null };
      await t
        .updateTable('notifications')
        .set({ data: encodeJson(data) })
        .where('id', '=', n.id)
        .execute();
    }
  }
  for (const part of chunks(ownIds))
    await t.updateTable('bot_sessions').set({ answer: null }).where('conversation_id', 'in', part).execute();
  if (emails.length) await t.deleteFrom('conversation_participants').where('email', 'in', emails).execute();
  if (needles.length) {
    const tickets = await t.selectFrom('tickets').select(['id', 'title']).where('contact_id', '=', id).execute();
    for (const k of tickets) {
      const title = scrubText(k.title, needles);
      if (title !== k.title) await t.updateTable('tickets').set({ title }).where('id', '=', k.id).execute();
    }
  }
  // Notes, tasks, calls, merges, deals and Messenger sender ids go with the row (on delete cascade); conversations, messages and tickets keep theirs, unlinked.
  await t.deleteFrom('contacts').where('id', '=', id).execute();

  const me = (await t.selectFrom('users').select('name').where('id', '=', actorId).executeTakeFirst())?.name ?? 'Someone';
  for (const c of own) {
    await changeConversation(
      w,
      c,
      { contact_id: null, subject: null, page_url: null, preview: await previewLeft(t, c.id), contact_erased_at: w.at },
      `${me} erased the contact of this conversation`,
      actorId,
      { kind: 'contact_erased', actor: me },
    );
  }
  const ownSet = new Set(ownIds);
  for (const convId of affected) {
    if (!ownSet.has(convId)) {
      const c = await t.selectFrom('conversations').select('inbox_id').where('id', '=', convId).executeTakeFirstOrThrow();
      await t
        .updateTable('conversations')
        .set({ preview: await previewLeft(t, convId) })
        .where('id', '=', convId)
        .execute();
      w.emit({
        type: 'conversation.updated',
        inboxId: c.inbox_id,
        conversationId: convId,
        payload: { conversation: await rowForEvent(w, convId), changes: ['messages'], actorId },
      });
    }
    await replaceSearchText(w.db, t, convId, await searchTextLeft(t, convId));
  }
  // The record of the erasure (with the timeline lines): who, when, which id; nothing erased.
  w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: id, erased: true, by: actorId } });
  return files;
}

/** The preview from the newest message with text left. */
async function previewLeft(t: Trx, conversationId: string): Promise<string> {
  const m = await t
    .selectFrom('messages')
    .select('text')
    .where('conversation_id', '=', conversationId)
    .where('kind', 'in', ['incoming', 'reply'])
    .where('text', '<>', '')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return m ? previewOf(m.text) : '';
}

/** A conversation's search document rebuilt from what is left: its subject and contact (if any), its messages' text. */
async function searchTextLeft(t: Trx, conversationId: string): Promise<(string | null)[]> {
  const c = await t
    .selectFrom('conversations as c')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .select(['c.subject', 'ct.name', 'ct.email'])
    .where('c.id', '=', conversationId)
    .executeTakeFirstOrThrow();
  const texts = await t
    .selectFrom('messages')
    .select('text')
    .where('conversation_id', '=', conversationId)
    .where('kind', '<>', 'system')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return [c.subject, c.name, c.email, ...texts.map((m) => m.text)];
}
