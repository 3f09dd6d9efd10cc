import type { FastifyInstance, FastifyReply } from 'fastify';
import { FormSubmission, type FormFieldOut } from '../../../common/form-api.js';
import { formTexts } from '../../../common/form-texts.js';
import { FORM_PAGE_SCRIPT } from '../../channels/form/page-script.js';
import { formPagePath, renderFormPage, type FormPage } from '../../channels/form/page.js';
import type { Ctx } from '../../domain/context.js';
import { FormRefused, limitsOf, pageToken, tokenToShowAgain, submitForm } from '../../domain/form-submissions.js';
import { formBySlug } from '../../domain/forms.js';
import { decodeJson } from '../../db/json.js';
import type { FormsTable } from '../../db/schema-forms.js';
import { drainBody, refuseLargeUnlessMultipart } from '../body-limits.js';
import { sendError } from '../errors.js';
import { SUBMISSION_RATE_LIMIT, submissionBodyLimit } from './forms.js';

/** The CSP of a hosted form: as the app's, but it may be framed by the sites the form allows (none listed: any). */
function formPolicy(allowed: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${allowed.length ? ["'self'", ...allowed].join(' ') : '*'}`,
  ].join('; ');
}

type Extra = Partial<Pick<FormPage, 'values' | 'errors' | 'status' | 'confirmation' | 'token'>>;

/** Sends the form's page (a new signed token unless one is given) with what a post without script left to say. */
function sendPage(ctx: Ctx, reply: FastifyReply, form: FormsTable, embed: boolean, extra: Extra = {}, status = 200) {
  const allowed = decodeJson<string[]>(form.allowed_origins, []);
  reply.removeHeader('x-frame-options');
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', formPolicy(allowed))
    .header('cache-control', 'no-store')
    .send(
      renderFormPage({
        slug: form.slug,
        name: form.name,
        language: form.language,
        fields: decodeJson<FormFieldOut[]>(form.fields, []),
        enabled: !!form.enabled,
        maxFileBytes: limitsOf(ctx).maxFileBytes,
        embed,
        ...extra,
        token: extra.token ?? pageToken(ctx, form.id),
      }),
    );
}

const noSuchForm = (reply: FastifyReply) => reply.status(404).type('text/plain; charset=utf-8').send('No such form');

/** A refusal in the form's language, its `{mb}` filled in. */
function refusalText(ctx: Ctx, form: FormsTable, reason: FormRefused['reason']): string {
  const mb = Math.round((limitsOf(ctx).maxFileBytes / (1024 * 1024)) * 10) / 10;
  return formTexts[form.language].refusals[reason].replace('{mb}', String(mb));
}

/** The text answers of a post, to show again (files cannot be). */
function enteredValues(body: unknown): Record<string, string> {
  const answers = (body as { answers?: Record<string, unknown> } | undefined)?.answers ?? {};
  return Object.fromEntries(Object.entries(answers).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

type SlugRequest = { Params: { slug: string }; Querystring: { embed?: string; sent?: string } };

/**
 * `/f/:slug`, a support form's hosted page (no login; a new signed token each load), and `/form.js`, its script.
 * Without script the page posts to itself: a refusal answers the page again with the answers kept and the
 * errors by their fields; a submission taken redirects (303) to the page saying the confirmation.
 */
export function serveFormPages(app: FastifyInstance, ctx: Ctx): void {
  app.get('/form.js', async (_req, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(FORM_PAGE_SCRIPT),
  );
  app.get<SlugRequest>('/f/:slug', async (req, reply) => {
    const form = await formBySlug(ctx, req.params.slug);
    if (!form) return noSuchForm(reply);
    const sent = req.query.sent === '1' ? { confirmation: form.confirmation || formTexts[form.language].confirmation } : {};
    return sendPage(ctx, reply, form, req.query.embed === '1', sent);
  });
  app.post<SlugRequest>(
    '/f/:slug',
    {
      bodyLimit: submissionBodyLimit(ctx),
      onRequest: refuseLargeUnlessMultipart,
      config: { rateLimit: SUBMISSION_RATE_LIMIT },
      // Too large a body, or too many posts: still a page, saying so in the form's language.
      errorHandler: async (err: Error & { statusCode?: number }, req, reply) => {
        const reason = err.statusCode === 413 ? 'file_too_large' : err.statusCode === 429 ? 'busy' : null;
        const form = reason && (await formBySlug(ctx, (req.params as { slug: string }).slug));
        if (!reason || !form) return sendError(err, req, reply);
        const embed = (req.query as { embed?: string }).embed === '1';
        // The rest of the body is read and thrown away (bounded), so the sender gets to read this page.
        if (err.statusCode === 413 && !(await drainBody(req.raw))) reply.header('connection', 'close');
        return sendPage(ctx, reply, form, embed, { status: refusalText(ctx, form, reason) }, err.statusCode);
      },
    },
    async (req, reply) => {
      const form = await formBySlug(ctx, req.params.slug);
      if (!form) return noSuchForm(reply);
      const embed = req.query.embed === '1';
      const values = enteredValues(req.body);
      const input = FormSubmission.safeParse(req.body ?? {});
      if (!input.success) return sendPage(ctx, reply, form, embed, { values, status: formTexts[form.language].failed }, 400);
      try {
        await submitForm(ctx, form, input.data, req.formFiles ?? new Map());
      } catch (e) {
        if (!(e instanceof FormRefused)) throw e;
        const token = tokenToShowAgain(ctx, form.id, input.data.token);
        return sendPage(ctx, reply, form, embed, { values, errors: e.fields, status: refusalText(ctx, form, e.reason), token }, e.status);
      }
      return reply.redirect(`${formPagePath(form.slug, embed)}${embed ? '&' : '?'}sent=1`, 303);
    },
  );
}
