/**
 * A support form's submission (F-MSG.2): refused when it looks automated (honeypot, no or a bad page
 * token, too fast), over a rate limit or too large, and then nothing is stored; otherwise it comes in
 * through `recordInbound` as the form channel's message (and a ticket when the form says so).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FormFieldOut, FormRefusal, FormSubmission, FormSubmissionOut } from '../../common/form-api.js';
import { formTexts } from '../../common/form-texts.js';
import { decodeJson } from '../db/json.js';
import type { AttachmentsTable } from '../db/schema.js';
import type { FormsTable } from '../db/schema-forms.js';
import { safeFilename, saveFile } from '../files/store.js';
import { DEFAULT_FORM_LIMITS, type FormLimits } from '../settings.js';
import { write, type Ctx } from './context.js';
import { recordInbound } from './inbound.js';
import { newId, sha256 } from './ids.js';
import { insertTicket } from './tickets.js';
import { contentTypeOf } from './uploads.js';

/** A refused submission: nothing was stored; the page words `reason` in the form's language. */
export class FormRefused extends Error {
  constructor(
    readonly reason: FormRefusal,
    readonly status: 400 | 403 | 404 | 413 | 429,
    message: string,
    readonly fields?: Record<string, string>,
    readonly params?: Record<string, number>,
  ) {
    super(message);
  }
}

export const limitsOf = (ctx: Ctx): FormLimits => ctx.mail.forms ?? DEFAULT_FORM_LIMITS;
const TOKEN_MAX_AGE_MS = 24 * 3600_000;

const mac = (ctx: Ctx, formId: string, issued: string, nonce: string) =>
  createHmac('sha256', ctx.secrets.serverKey('form-page')).update(`${formId}.${issued}.${nonce}`).digest('base64url');

/** The token a hosted page is served with: its time and a MAC of the form, the time and a nonce under the server's key. */
export function pageToken(ctx: Ctx, formId: string, now = Date.now()): string {
  const issued = String(now);
  const nonce = randomBytes(9).toString('base64url');
  return `${issued}.${nonce}.${mac(ctx, formId, issued, nonce)}`;
}

/** Refuses a missing or forged token, one issued for another form, one too fresh (a bot) or over 24 hours old. */
export function checkPageToken(ctx: Ctx, formId: string, token: string | undefined, now = Date.now()): void {
  if (!token) throw new FormRefused('token_missing', 403, 'Load the form before sending it (no page token)');
  const [issued = '', nonce = '', sig = '', ...rest] = token.split('.');
  const expected = /^\d{1,15}$/.test(issued) && nonce && !rest.length ? Buffer.from(mac(ctx, formId, issued, nonce)) : null;
  const given = Buffer.from(sig);
  if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new FormRefused('token_invalid', 403, 'The page token is not valid for this form');
  const age = now - Number(issued);
  if (age < limitsOf(ctx).minFillMs) throw new FormRefused('token_too_fresh', 429, 'Sent too soon after the page was served');
  if (age > TOKEN_MAX_AGE_MS) throw new FormRefused('token_expired', 403, 'The page token is older than 24 hours: reload the form');
}

/**
 * The token a page shown again after a refusal carries: the one sent while it is still good (its age
 * counts from the first load; a new one would be "too fresh" again), else a new one.
 */
export function tokenToShowAgain(ctx: Ctx, formId: string, token: string | undefined, now = Date.now()): string {
  try {
    checkPageToken(ctx, formId, token, now);
    return token!;
  } catch (e) {
    if (e instanceof FormRefused && e.reason === 'token_too_fresh') return token!;
    return pageToken(ctx, formId, now);
  }
}

export interface SubmittedFile {
  filename: string;
  data: Buffer;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,253}\.[^\s@<>()[\]\\,;:".]{1,63}$/;

/** The answers checked against the form's fields: each field's value, or errors by field id. */
export function checkAnswers(
  fields: FormFieldOut[],
  answers: FormSubmission['answers'],
  files: Map<string, SubmittedFile>,
  maxFileBytes: number,
): { values: Map<string, string>; files: Array<SubmittedFile & { fieldId: string }> } {
  const errors: Record<string, string> = {};
  const values = new Map<string, string>();
  const kept: Array<SubmittedFile & { fieldId: string }> = [];
  let tooLarge = false;
  for (const f of fields) {
    if (f.kind === 'file') {
      const file = files.get(f.id);
      if (file && file.data.length > maxFileBytes) tooLarge = true;
      else if (file && file.data.length) kept.push({ ...file, fieldId: f.id });
      else if (f.required) errors[f.id] = 'required';
      continue;
    }
    const raw = answers[f.id];
    const value =
      f.kind === 'checkbox' ? (raw === true || raw === 'on' || raw === 'true' ? 'yes' : '') : typeof raw === 'string' ? raw.trim() : '';
    if (!value) {
      if (f.required) errors[f.id] = 'required';
      continue;
    }
    if (f.kind === 'email' && !EMAIL.test(value)) errors[f.id] = 'email';
    else if (f.kind === 'choice' && !f.choices.includes(value)) errors[f.id] = 'choice';
    else if ((f.kind === 'name' || f.kind === 'subject' || f.kind === 'text') && value.length > 300) errors[f.id] = 'too_long';
    else values.set(f.id, f.kind === 'email' ? value.toLowerCase() : value);
  }
  if (tooLarge)
    throw new FormRefused('file_too_large', 413, `A file is larger than the form takes (${maxFileBytes} bytes)`, undefined, {
      mb: Math.round((maxFileBytes / (1024 * 1024)) * 10) / 10,
    });
  if (Object.keys(errors).length) throw new FormRefused('invalid', 400, 'Some answers are missing or not valid', errors);
  return { values, files: kept };
}

const hourOf = (iso: string) => iso.slice(0, 13);
const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * Counts the submission against its limits (per address per hour and per day, all forms per day) in
 * one transaction: over any, it rolls back (a refused submission is not counted) and refuses.
 */
async function countSubmission(ctx: Ctx, email: string): Promise<void> {
  const limits = limitsOf(ctx);
  const who = sha256(`form-rate:${email}`).slice(0, 32);
  await write(ctx, async (w) => {
    const at = w.at;
    const plus = (ms: number) => new Date(Date.parse(at) + ms).toISOString();
    const counters = [
      { key: `a:${who}:h:${hourOf(at)}`, limit: limits.perAddressHour, expires: plus(2 * 3600_000), reason: 'rate_limited' as const },
      { key: `a:${who}:d:${dayOf(at)}`, limit: limits.perAddressDay, expires: plus(2 * 86_400_000), reason: 'rate_limited' as const },
      { key: `t:d:${dayOf(at)}`, limit: limits.totalDay, expires: plus(2 * 86_400_000), reason: 'busy' as const },
    ];
    // Old windows go as new ones come (bounded: by the expiry index, a few rows at a time).
    const old = await w.trx.selectFrom('form_rate_counts').select('key').where('expires_at', '<', at).limit(100).execute();
    if (old.length)
      await w.trx
        .deleteFrom('form_rate_counts')
        .where(
          'key',
          'in',
          old.map((o) => o.key),
        )
        .execute();
    for (const c of counters) {
      const row = await w.trx
        .insertInto('form_rate_counts')
        .values({ key: c.key, n: 1, expires_at: c.expires })
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ n: eb('form_rate_counts.n', '+', 1) })))
        .returning('n')
        .executeTakeFirstOrThrow();
      if (Number(row.n) > c.limit)
        throw new FormRefused(
          c.reason,
          429,
          c.reason === 'busy'
            ? 'Too many submissions today: try again tomorrow'
            : 'Too many submissions from this address: try again later',
        );
    }
  });
}

/** The message body: each answered field as `Label: value` (long answers below their label). */
function bodyOf(fields: FormFieldOut[], values: Map<string, string>, files: Array<{ fieldId: string; filename: string }>): string {
  const lines: string[] = [];
  for (const f of fields) {
    if (f.kind === 'file') {
      const names = files.filter((x) => x.fieldId === f.id).map((x) => x.filename);
      if (names.length) lines.push(`${f.label}: ${names.join(', ')}`);
      continue;
    }
    const v = values.get(f.id);
    if (v === undefined) continue;
    lines.push(v.includes('\n') || v.length > 80 ? `${f.label}:\n${v}\n` : `${f.label}: ${v}`);
  }
  return lines.join('\n').trim();
}

/** Takes one submission of `form` (the page's multipart or JSON), or refuses it having stored nothing. */
export async function submitForm(
  ctx: Ctx,
  form: FormsTable | undefined,
  input: FormSubmission,
  files: Map<string, SubmittedFile>,
): Promise<FormSubmissionOut> {
  if (!form) throw new FormRefused('form_closed', 404, 'No such form');
  if (!form.enabled) throw new FormRefused('form_closed', 403, 'This form is turned off');
  // Quietly but clearly: the page says the message was not sent; nothing is kept.
  if (input.website?.trim()) throw new FormRefused('honeypot', 400, 'Refused: a field people cannot see was filled in');
  checkPageToken(ctx, form.id, input.token);
  const limits = limitsOf(ctx);
  const fields = decodeJson<FormFieldOut[]>(form.fields, []);
  const { values, files: kept } = checkAnswers(fields, input.answers, files, limits.maxFileBytes);
  const email = values.get('email')!;
  const name = values.get('name');
  await countSubmission(ctx, email);

  const filesDir = ctx.mail.filesDir;
  const attachments: Array<Omit<AttachmentsTable, 'message_id' | 'created_at'>> = kept.map((f) => {
    const id = newId();
    const filename = safeFilename(f.filename, 'file');
    return {
      id,
      filename,
      content_type: contentTypeOf(filename, f.data),
      size: f.data.length,
      storage_path: saveFile(filesDir, 'attachments', id, f.data),
      content_id: null,
    };
  });
  const subject = values.get('subject') || form.name;
  const ticket = decodeJson<{ pipelineId: string; stageId: string | null } | null>(form.ticket, null);
  await recordInbound(ctx, {
    channelId: form.channel_id,
    contact: { email, name },
    subject,
    text: bodyOf(
      fields,
      values,
      attachments.map((a, i) => ({ fieldId: kept[i]!.fieldId, filename: a.filename })),
    ),
    externalId: `form:${newId()}`,
    replyTo: [name ? { email, name } : { email }],
    attachments,
    onCreated: ticket
      ? (w, conv) =>
          insertTicket(w, {
            title: subject.slice(0, 200),
            pipelineId: ticket.pipelineId,
            stageId: ticket.stageId,
            conversation: conv,
            createdBy: null,
          }).then(() => undefined)
      : undefined,
  });
  return { ok: true, confirmation: form.confirmation || formTexts[form.language].confirmation };
}
