/** Saved texts: email templates and snippets. Shapes shared by the server, the agent app and integrations. */
import { z } from 'zod';
import { id } from './api-fields.js';

// ---- inputs ----
const templateFields = {
  name: z.string().trim().min(1).max(100),
  subject: z.string().trim().max(500),
  body: z.string().trim().min(1, 'must not be empty').max(200_000),
};
export const TemplateCreate = z.object({ ...templateFields, inboxId: id.nullable().default(null) });
export const TemplateUpdate = z.object(templateFields).partial().strict();
export const TemplateRenderQuery = z.object({ contactId: id.optional() });
export const SnippetCreate = z.object({
  name: z.string().trim().min(1).max(100),
  body: z.string().min(1).max(20_000),
  inboxId: id.nullable().default(null),
});
export const SnippetUpdate = z
  .object({ name: z.string().trim().min(1).max(100), body: z.string().min(1).max(20_000) })
  .partial()
  .strict();

// ---- outputs ----
/** An email template: `body` is HTML with tokens such as {{contact.first_name}}. */
export interface TemplateOut {
  id: string;
  inboxId: string | null;
  name: string;
  subject: string;
  body: string;
}
export interface RenderedTemplate {
  subject: string;
  html: string;
}
export interface SnippetOut {
  id: string;
  inboxId: string | null;
  name: string;
  body: string;
}
