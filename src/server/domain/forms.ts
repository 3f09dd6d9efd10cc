/** Support forms (F-MSG.2), the admin side: each form has its own `form` channel, a hosted page and an embed snippet. */
import { randomBytes } from 'node:crypto';
import type { FormCreate, FormFieldInput, FormFieldOut, FormOut, FormUpdate } from '../../common/form-api.js';
import { FORM_LIMITS } from '../../common/form-api.js';
import { formTexts, type FormLanguage } from '../../common/form-texts.js';
import { isUniqueViolation, type Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import type { FormsTable } from '../db/schema-forms.js';
import { authorizeChannelSettings, type Actor } from '../permissions/policy.js';
import { write, type Ctx } from './context.js';
import { invalid, notFound } from './errors.js';
import { newId, slugify } from './ids.js';
import { insertChannel } from './inboxes.js';
import { resolveStage } from './tickets.js';

/** The fields of a new form: name and email (required, always kept), subject and message. */
export function defaultFields(language: FormLanguage): FormFieldOut[] {
  const l = formTexts[language].defaultLabels;
  return [
    { id: 'name', kind: 'name', label: l.name, help: null, required: true, choices: [] },
    { id: 'email', kind: 'email', label: l.email, help: null, required: true, choices: [] },
    { id: 'subject', kind: 'subject', label: l.subject, help: null, required: false, choices: [] },
    { id: 'message', kind: 'message', label: l.message, help: null, required: true, choices: [] },
  ];
}

const BUILT_IN = ['name', 'email', 'subject', 'message'] as const;

/**
 * The fields as stored: ids given or made, each built-in kind at most once under its own id, name and
 * email always there and required, choices only on choice fields (at least one).
 */
export function normalizeFields(input: FormFieldInput[], language: FormLanguage): FormFieldOut[] {
  const seen = new Set<string>();
  const out: FormFieldOut[] = [];
  input.forEach((f, i) => {
    const builtIn = (BUILT_IN as readonly string[]).includes(f.kind);
    const id = builtIn ? f.kind : f.id && !(BUILT_IN as readonly string[]).includes(f.id) ? f.id : `f${randomBytes(4).toString('hex')}`;
    if (seen.has(id)) throw invalid(`fields.${i}`, builtIn ? `only one ${f.kind} field` : 'two fields have the same id', 'invalid');
    seen.add(id);
    const choices = f.kind === 'choice' ? [...new Set(f.choices ?? [])] : [];
    if (f.kind === 'choice' && !choices.length)
      throw invalid(`fields.${i}.choices`, 'a choice field needs at least one choice', 'required');
    out.push({
      id,
      kind: f.kind,
      label: f.label,
      help: f.help || null,
      required: f.kind === 'name' || f.kind === 'email' ? true : (f.required ?? false),
      choices,
    });
  });
  const defaults = defaultFields(language);
  // Name and email cannot be removed: put back at the top when missing.
  for (const kind of ['email', 'name'] as const) if (!seen.has(kind)) out.unshift(defaults.find((d) => d.kind === kind)!);
  if (out.length > FORM_LIMITS.fields) throw invalid('fields', `at most ${FORM_LIMITS.fields} fields`, 'invalid');
  return out;
}

/** Readable words of the name and a random part, so a form's address cannot be guessed from another's. */
const slugFor = (name: string) => `${slugify(name).slice(0, 30)}-${randomBytes(5).toString('hex')}`;

const base = (ctx: Ctx) => (ctx.mail.appUrl ?? '').replace(/\/+$/, '');
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function hostedUrl(ctx: Ctx, slug: string): string {
  return `${base(ctx)}/f/${encodeURIComponent(slug)}`;
}

export function presentForm(ctx: Ctx, f: FormsTable): FormOut {
  const url = hostedUrl(ctx, f.slug);
  const ticket = decodeJson<{ pipelineId: string; stageId: string | null } | null>(f.ticket, null);
  return {
    id: f.id,
    inboxId: f.inbox_id,
    channelId: f.channel_id,
    slug: f.slug,
    name: f.name,
    language: f.language,
    fields: decodeJson<FormFieldOut[]>(f.fields, []),
    confirmation: f.confirmation,
    ticket: ticket ? { pipelineId: ticket.pipelineId, stageId: ticket.stageId ?? null } : null,
    allowedOrigins: decodeJson<string[]>(f.allowed_origins, []),
    enabled: !!f.enabled,
    url,
    embedSnippet: `<iframe src="${attr(url)}?embed=1" title="${attr(f.name)}" style="width:100%;max-width:640px;height:760px;border:0" loading="lazy"></iframe>`,
    createdAt: f.created_at,
    updatedAt: f.updated_at,
  };
}

async function ticketSetting(trx: Trx, t: FormCreate['ticket']): Promise<string | null> {
  if (!t) return null;
  const { pipelineId, stageId } = await resolveStage(trx, t.pipelineId, t.stageId ?? null);
  return encodeJson({ pipelineId, stageId });
}

const originsOf = (list: string[] | undefined) => [...new Set((list ?? []).map((o) => new URL(o).origin))];

async function inboxExists(ctx: Ctx, inboxId: string) {
  const inbox = await ctx.db.kysely.selectFrom('inboxes').select('id').where('id', '=', inboxId).executeTakeFirst();
  if (!inbox) throw notFound('Inbox not found');
}

export async function listForms(ctx: Ctx, actor: Actor, inboxId: string): Promise<FormOut[]> {
  authorizeChannelSettings(actor, inboxId);
  await inboxExists(ctx, inboxId);
  const rows = await ctx.db.kysely
    .selectFrom('forms')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(200)
    .execute();
  return rows.map((f) => presentForm(ctx, f));
}

export const MAX_FORMS_PER_INBOX = 50;

export async function createForm(ctx: Ctx, actor: Actor, inboxId: string, input: FormCreate): Promise<FormOut> {
  authorizeChannelSettings(actor, inboxId);
  await inboxExists(ctx, inboxId);
  const language = input.language;
  const fields = input.fields ? normalizeFields(input.fields, language) : defaultFields(language);
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await write(ctx, async (w) => {
        const count = await w.trx
          .selectFrom('forms')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('inbox_id', '=', inboxId)
          .executeTakeFirstOrThrow();
        if (Number(count.n) >= MAX_FORMS_PER_INBOX)
          throw invalid('name', `an inbox can have up to ${MAX_FORMS_PER_INBOX} forms`, 'invalid');
        const channelId = (await insertChannel(w, { inboxId, kind: 'form', name: input.name, settings: '{}' })).id;
        const f: FormsTable = {
          id: newId(),
          inbox_id: inboxId,
          channel_id: channelId,
          slug: slugFor(input.name),
          name: input.name,
          language,
          fields: encodeJson(fields),
          confirmation: input.confirmation ?? '',
          ticket: await ticketSetting(w.trx, input.ticket),
          allowed_origins: encodeJson(originsOf(input.allowedOrigins)),
          enabled: 1,
          created_at: w.at,
          updated_at: w.at,
        };
        await w.trx.insertInto('forms').values(f).execute();
        return f;
      });
      return presentForm(ctx, row);
    } catch (e) {
      // The random part of the slug met another form's: once more with a new one.
      if (attempt < 2 && isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** The form an admin of its inbox may change; anyone else: 404 (or 403 for an agent who may read the inbox). */
async function formFor(ctx: Ctx, actor: Actor, id: string): Promise<FormsTable> {
  const f = await ctx.db.kysely.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!f) throw notFound('Form not found');
  try {
    authorizeChannelSettings(actor, f.inbox_id);
  } catch (e) {
    if ((e as { code?: string }).code === 'not_found') throw notFound('Form not found');
    throw e;
  }
  return f;
}

export async function updateForm(ctx: Ctx, actor: Actor, id: string, input: FormUpdate): Promise<FormOut> {
  const f = await formFor(ctx, actor, id);
  const language = input.language ?? f.language;
  const row = await write(ctx, async (w) => {
    const set: Partial<FormsTable> = { updated_at: w.at, language };
    if (input.name !== undefined) set.name = input.name;
    if (input.fields) set.fields = encodeJson(normalizeFields(input.fields, language));
    if (input.confirmation !== undefined) set.confirmation = input.confirmation;
    if (input.ticket !== undefined) set.ticket = await ticketSetting(w.trx, input.ticket);
    if (input.allowedOrigins) set.allowed_origins = encodeJson(originsOf(input.allowedOrigins));
    if (input.enabled !== undefined) set.enabled = input.enabled ? 1 : 0;
    await w.trx.updateTable('forms').set(set).where('id', '=', f.id).execute();
    if (input.name !== undefined) await w.trx.updateTable('channels').set({ name: input.name }).where('id', '=', f.channel_id).execute();
    if (input.enabled !== undefined)
      await w.trx
        .updateTable('channels')
        .set({ status: input.enabled ? 'on' : 'off' })
        .where('id', '=', f.channel_id)
        .execute();
    return { ...f, ...set };
  });
  return presentForm(ctx, row);
}

/** Removes the form and its page; its channel stays (off) for the conversations it opened. */
export async function deleteForm(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const f = await formFor(ctx, actor, id);
  await write(ctx, async (w) => {
    await w.trx.deleteFrom('forms').where('id', '=', f.id).execute();
    await w.trx.updateTable('channels').set({ status: 'off' }).where('id', '=', f.channel_id).execute();
  });
}

/** The form behind a hosted page (enabled or not; the page says when it is closed). */
export async function formBySlug(ctx: Ctx, slug: string): Promise<FormsTable | undefined> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
  return ctx.db.kysely.selectFrom('forms').selectAll().where('slug', '=', slug).executeTakeFirst();
}
