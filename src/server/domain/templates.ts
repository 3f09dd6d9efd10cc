/** Email templates (F-CONV.8): whole emails (subject and HTML body) with personalization tokens; scoped and written as `saved-texts.ts` says. */
import sanitizeHtml from 'sanitize-html';
import type { RenderedTemplate, TemplateOut } from '../../common/api.js';
import type { TemplatesTable } from '../db/schema.js';
import type { Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { emailBody } from './email-body.js';
import { notFound } from './errors.js';
import { newId } from './ids.js';
import { deleteSaved, insertSaved, listSaved, savedFor, updateSaved } from './saved-texts.js';

const present = (t: TemplatesTable): TemplateOut => ({ id: t.id, inboxId: t.inbox_id, name: t.name, subject: t.subject, body: t.body });

/** The tokens a template may use; anything else in {{ }} is left as written. */
export const templateTokens = [
  'contact.first_name',
  'contact.last_name',
  'contact.full_name',
  'contact.email',
  'company.name',
  'agent.first_name',
  'agent.full_name',
] as const;
type Token = (typeof templateTokens)[number];

export async function listTemplates(ctx: Ctx, actor: Actor): Promise<TemplateOut[]> {
  return (await listSaved(ctx, actor, 'templates')).map(present);
}

/** The body is stored sanitized, as it will be sent; images on this server are dropped (an upload belongs to one email). */
const cleanBody = async (html: string) => (await emailBody({ html, attachmentIds: [], linkInline: false }, 'body')).html;

export async function createTemplate(
  ctx: Ctx,
  actor: Actor,
  input: { name: string; subject: string; body: string; inboxId: string | null },
): Promise<TemplateOut> {
  const row: TemplatesTable = {
    id: newId(),
    inbox_id: input.inboxId,
    name: input.name,
    subject: input.subject,
    body: await cleanBody(input.body),
    created_by: actor.id,
    created_at: new Date().toISOString(),
  };
  await insertSaved(ctx, actor, 'templates', row);
  return present(row);
}

export async function updateTemplate(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { name?: string; subject?: string; body?: string },
): Promise<TemplateOut> {
  const set: Partial<TemplatesTable> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.subject !== undefined) set.subject = input.subject;
  if (input.body !== undefined) set.body = await cleanBody(input.body);
  return present(await updateSaved(ctx, actor, 'templates', id, set));
}

export const deleteTemplate = (ctx: Ctx, actor: Actor, id: string) => deleteSaved(ctx, actor, 'templates', id);

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const first = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? '';
const rest = (name: string | null | undefined) => name?.trim().split(/\s+/).slice(1).join(' ') ?? '';

const tokenPattern = /\{\{\s*([a-z_.]+)\s*\}\}/g;

/** Replaces known tokens; values go into the HTML escaped (a contact named `<b>` stays text); unknown tokens stay visible. */
export function fillTokens(text: string, values: Record<Token, string>, html: boolean): string {
  if (html) return fillUrlAttributes(text, values).replace(tokenPattern, (all, key: string) => fill(all, key, values, escapeHtml));
  return text.replace(tokenPattern, (all, key: string) => fill(all, key, values, (v) => v));
}

const fill = (all: string, key: string, values: Record<Token, string>, as: (v: string) => string) =>
  (templateTokens as readonly string[]).includes(key) ? as(values[key as Token]) : all;

/** A start tag (quoted values may hold `>`), and in it an attribute that browsers follow as a URL. */
const startTag = /<[a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*>/g;
const urlAttribute = /(\s)(href|src|action|formaction|background|poster|cite|xlink:href)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)/gi;

/**
 * A token inside `href`/`src` (and the like) may only make an http(s) or mailto URL: a contact field
 * like `javascript:…` (any case, entity-encoded, behind whitespace or control characters) would
 * otherwise run when the link is clicked. Such an attribute is dropped.
 */
function fillUrlAttributes(html: string, values: Record<Token, string>): string {
  return html.replace(startTag, (tag) =>
    tag.replace(urlAttribute, (all, space: string, name: string, eq: string, quoted: string) => {
      if (!/\{\{\s*[a-z_.]+\s*\}\}/.test(quoted)) return all;
      const q = quoted[0] === '"' || quoted[0] === "'" ? quoted[0] : '';
      const raw = q ? quoted.slice(1, -1) : quoted;
      const filled = raw.replace(tokenPattern, (t, key: string) => fill(t, key, values, escapeHtml));
      return httpOrMailto(filled) ? `${space}${name}${eq}${q || '"'}${filled}${q || '"'}` : '';
    }),
  );
}

/** The attribute value as the browser reads it (entities decoded by the HTML parser; whitespace and control characters ignored) starts with http:, https: or mailto:. */
function httpOrMailto(attributeValue: string): boolean {
  let decoded = '';
  sanitizeHtml(`<a href="${attributeValue.replace(/"/g, '&quot;')}"></a>`, {
    allowedTags: ['a'],
    allowedAttributes: { a: ['href'] },
    transformTags: {
      a: (tagName, attribs) => {
        decoded = attribs.href ?? '';
        return { tagName, attribs };
      },
    },
  });
  return /^(https?|mailto):/i.test(decoded.replace(/[\u0000-\u0020\u007f-\u009f]+/g, ''));
}

/** The template filled in for a contact (optional) and the current user. */
export async function renderTemplate(ctx: Ctx, actor: Actor, id: string, contactId?: string): Promise<RenderedTemplate> {
  const t = await savedFor(ctx, actor, 'templates', id);
  const contact = contactId
    ? await ctx.db.kysely.selectFrom('contacts').select(['name', 'email', 'company']).where('id', '=', contactId).executeTakeFirst()
    : undefined;
  if (contactId && !contact) throw notFound('Contact not found');
  const me = await ctx.db.kysely.selectFrom('users').select('name').where('id', '=', actor.id).executeTakeFirstOrThrow();
  const values: Record<Token, string> = {
    'contact.first_name': first(contact?.name),
    'contact.last_name': rest(contact?.name),
    'contact.full_name': contact?.name?.trim() ?? '',
    'contact.email': contact?.email ?? '',
    'company.name': contact?.company ?? '',
    'agent.first_name': first(me.name),
    'agent.full_name': me.name,
  };
  return { subject: fillTokens(t.subject, values, false), html: fillTokens(t.body, values, true) };
}
