import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FormCreate, FormSubmission, FormUpdate } from '../../../common/form-api.js';
import { FormOut, FormSubmissionOut, pageOf } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { createForm, deleteForm, formBySlug, listForms, updateForm } from '../../domain/forms.js';
import { FormRefused, limitsOf, submitForm, type SubmittedFile } from '../../domain/form-submissions.js';
import { idParams, listOf, route } from '../route.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Files of a multipart form submission, by field id (set by the multipart parser). */
    formFiles?: Map<string, SubmittedFile>;
  }
}

/** Parts a submission may have: the answers, the token, the honeypot, a few files. */
const MAX_PARTS = 60;

/**
 * `multipart/form-data` (the hosted form's submissions): parsed with the platform's FormData into the JSON
 * shape (`token`, `website`, `answers`), the files kept aside on the request. The route's body limit bounds it.
 */
export async function parseFormMultipart(req: FastifyRequest, body: Buffer): Promise<unknown> {
  let data: FormData;
  try {
    data = await new Response(new Uint8Array(body), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
  } catch {
    // A body that is not the multipart it says it is: a 400 naming the body, like bad JSON.
    throw Object.assign(new Error('The body is not valid multipart/form-data'), { statusCode: 400 });
  }
  const answers: Record<string, string> = {};
  const files = new Map<string, SubmittedFile>();
  let token: string | undefined;
  let website: string | undefined;
  let parts = 0;
  for (const [name, value] of data.entries()) {
    if (++parts > MAX_PARTS) break;
    if (typeof value === 'string') {
      if (name === '_token') token = value;
      else if (name === 'website') website = value;
      else answers[name] = value;
    } else if (value.size > 0 && !files.has(name)) {
      files.set(name, { filename: value.name, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  req.formFiles = files;
  return { token, website, answers };
}

/** The largest submission body: a few files at the form's size limit and the answers. */
export const submissionBodyLimit = (ctx: Ctx) => limitsOf(ctx).maxFileBytes * 3 + 1024 * 1024;
/** Submissions per client address per minute, before the per-email limits in the domain. */
export const SUBMISSION_RATE_LIMIT = { max: 60, timeWindow: '1 minute' };

const slugParams = z.object({ slug: z.string().min(1).max(80) });

/** Support forms: admins build them per inbox (`/inboxes/:id/forms`, `/forms/:id`); anyone submits (`/forms/:slug/submissions`). */
export function formRoutes(ctx: Ctx) {
  const common = { tag: 'forms', auth: 'user' } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/inboxes/:id/forms',
      operationId: 'listForms',
      response: pageOf(FormOut),
      summary: 'The support forms of an inbox (admins), each with its hosted URL and embed snippet',
      params: idParams,
      handler: async ({ actor, params }) => listOf(await listForms(ctx, actor, params.id)),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/inboxes/:id/forms',
      operationId: 'createForm',
      response: FormOut,
      summary: 'Build a support form: without `fields` it has name, email, subject and message; name and email are always kept',
      params: idParams,
      body: FormCreate,
      status: 201,
      handler: ({ actor, params, body }) => createForm(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'PATCH',
      url: '/api/v1/forms/:id',
      operationId: 'updateForm',
      response: FormOut,
      summary: 'Change a form (fields, language, confirmation, ticket, allowed origins, on or off)',
      params: idParams,
      body: FormUpdate,
      handler: ({ actor, params, body }) => updateForm(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'DELETE',
      url: '/api/v1/forms/:id',
      operationId: 'deleteForm',
      summary: 'Remove a form and its page (its conversations stay)',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => deleteForm(ctx, actor, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/v1/forms/:slug/submissions',
      operationId: 'submitForm',
      tag: 'forms',
      auth: 'none',
      response: FormSubmissionOut,
      summary:
        'Submit a form (multipart/form-data from the hosted page, or JSON): needs the page token it was served with; refused (nothing stored) with a `reason` when it looks automated, is over a rate limit or a file is too large',
      params: slugParams,
      body: FormSubmission,
      status: 201,
      rateLimit: SUBMISSION_RATE_LIMIT,
      bodyLimit: submissionBodyLimit(ctx),
      largeBodyMultipartOnly: true,
      handler: async ({ params, body, req, reply }) => {
        try {
          return await submitForm(ctx, await formBySlug(ctx, params.slug), body, req.formFiles ?? new Map());
        } catch (e) {
          if (!(e instanceof FormRefused)) throw e;
          return reply.status(e.status).send({
            error: 'refused',
            reason: e.reason,
            message: e.message,
            ...(e.fields ? { fields: e.fields } : {}),
            ...(e.params ? { params: e.params } : {}),
          });
        }
      },
    }),
  ];
}
