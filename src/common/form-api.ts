/** Support forms (F-MSG.2): what admins send to build a form, what the API answers, and why a submission is refused. */
import { z } from 'zod';
import { locales } from './api-fields.js';

/** `name` and `email` are always on a form (required); `subject` and `message` are on a new one; the rest are custom. */
export const formFieldKinds = ['name', 'email', 'subject', 'message', 'text', 'long_text', 'choice', 'checkbox', 'file'] as const;
export type FormFieldKind = (typeof formFieldKinds)[number];
/** The kinds an admin adds (the four built-in ones appear once each). */
export const customFieldKinds = ['text', 'long_text', 'choice', 'checkbox', 'file'] as const satisfies readonly FormFieldKind[];

export const FORM_LIMITS = { fields: 30, choices: 20, label: 200, help: 500, answer: 5000, confirmation: 2000 } as const;

export const FormField = z.object({
  /** Stable within the form (answers are keyed by it); a new field without one gets one. */
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'must be 1 to 40 lower-case letters, digits, - or _')
    .optional(),
  kind: z.enum(formFieldKinds),
  label: z.string().trim().min(1).max(FORM_LIMITS.label),
  help: z.string().trim().max(FORM_LIMITS.help).optional(),
  required: z.boolean().default(false),
  /** Choice fields only: the options, in order. */
  choices: z.array(z.string().trim().min(1).max(FORM_LIMITS.label)).max(FORM_LIMITS.choices).optional(),
});
export type FormFieldInput = z.input<typeof FormField>;

const ticket = z.object({ pipelineId: z.string().min(1).max(64), stageId: z.string().min(1).max(64).optional() }).nullable();
const origins = z.array(z.url({ protocol: /^https?$/ }).max(300)).max(20);

/** `POST /inboxes/:id/forms`: a new form has name, email, subject and message fields unless `fields` says otherwise. */
export const FormCreate = z.object({
  name: z.string().trim().min(1).max(100),
  fields: z.array(FormField).min(1).max(FORM_LIMITS.fields).optional(),
  language: z.enum(locales).default('en'),
  confirmation: z.string().trim().max(FORM_LIMITS.confirmation).optional(),
  /** Each submission also creates a ticket in this pipeline (its first stage unless one is named). */
  ticket: ticket.optional(),
  /** Sites that may show the form in a frame (none: any site), as for the chat widget. */
  allowedOrigins: origins.optional(),
});
export type FormCreate = z.infer<typeof FormCreate>;

/** `PATCH /forms/:id`. */
export const FormUpdate = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  fields: z.array(FormField).min(1).max(FORM_LIMITS.fields).optional(),
  language: z.enum(locales).optional(),
  confirmation: z.string().trim().max(FORM_LIMITS.confirmation).optional(),
  ticket: ticket.optional(),
  allowedOrigins: origins.optional(),
  enabled: z.boolean().optional(),
});
export type FormUpdate = z.infer<typeof FormUpdate>;

export interface FormFieldOut {
  id: string;
  kind: FormFieldKind;
  label: string;
  help: string | null;
  required: boolean;
  choices: string[];
}

export interface FormOut {
  id: string;
  inboxId: string;
  channelId: string;
  slug: string;
  name: string;
  language: (typeof locales)[number];
  fields: FormFieldOut[];
  /** Shown after a submission; empty: the language's default text. */
  confirmation: string;
  ticket: { pipelineId: string; stageId: string | null } | null;
  allowedOrigins: string[];
  enabled: boolean;
  /** The hosted page. */
  url: string;
  /** HTML to paste into any page (an iframe of the hosted page). */
  embedSnippet: string;
  createdAt: string;
  updatedAt: string;
}

/** `POST /forms/:slug/submissions` as JSON (the hosted page sends multipart with the same names, files under their field id). */
export const FormSubmission = z.object({
  /** The signed token the page was served with. */
  token: z.string().max(300).optional(),
  /** The honeypot: people never see it, so it stays empty. */
  website: z.string().max(2000).optional(),
  answers: z
    .record(z.string().max(40), z.union([z.string().max(FORM_LIMITS.answer), z.boolean()]))
    .refine((a) => Object.keys(a).length <= FORM_LIMITS.fields, 'too many answers')
    .default({}),
});
export type FormSubmission = z.infer<typeof FormSubmission>;

export interface FormSubmissionOut {
  ok: true;
  /** The confirmation to show, in the form's language. */
  confirmation: string;
}

/** Why a submission was refused (the page words each in the form's language); nothing was stored. */
export const formRefusals = [
  'form_closed',
  'honeypot',
  'token_missing',
  'token_invalid',
  'token_too_fresh',
  'token_expired',
  'rate_limited',
  'busy',
  'file_too_large',
  'invalid',
] as const;
export type FormRefusal = (typeof formRefusals)[number];
