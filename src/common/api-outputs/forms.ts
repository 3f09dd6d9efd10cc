/** Answers about support forms (the interfaces in `form-api.ts` are checked against these). */
import { z } from 'zod';
import { locales } from '../api-fields.js';
import type * as F from '../form-api.js';
import { formFieldKinds } from '../form-api.js';
import { at, named, nullableString, obj, same } from './shared.js';

export const FormFieldOut = named(
  'FormField',
  obj({
    id: z.string(),
    kind: z.enum(formFieldKinds),
    label: z.string(),
    help: nullableString,
    required: z.boolean(),
    choices: z.array(z.string()),
  }),
);

export const FormOut = named(
  'Form',
  obj({
    id: z.string(),
    inboxId: z.string(),
    channelId: z.string(),
    slug: z.string(),
    name: z.string(),
    language: z.enum(locales),
    fields: z.array(FormFieldOut),
    confirmation: z.string(),
    ticket: obj({ pipelineId: z.string(), stageId: nullableString }).nullable(),
    allowedOrigins: z.array(z.string()),
    enabled: z.boolean(),
    url: z.string(),
    embedSnippet: z.string(),
    createdAt: at,
    updatedAt: at,
  }),
);

export const FormSubmissionOut = named('FormSubmissionAccepted', obj({ ok: z.literal(true), confirmation: z.string() }));

same<F.FormFieldOut, z.output<typeof FormFieldOut>>(true);
same<F.FormOut, z.output<typeof FormOut>>(true);
same<F.FormSubmissionOut, z.output<typeof FormSubmissionOut>>(true);
