import { ComposeCreate, TemplateCreate, TemplateRenderQuery, TemplateUpdate, UploadQuery } from '../../../common/api.js';
import type { MailEnv } from '../../settings.js';
import { composeEmail } from '../../domain/compose.js';
import type { Ctx } from '../../domain/context.js';
import { createTemplate, deleteTemplate, listTemplates, renderTemplate, updateTemplate } from '../../domain/templates.js';
import { saveUpload, uploadFor } from '../../domain/uploads.js';
import { sendFile } from '../file-download.js';
import { idParams, listOf, route } from '../route.js';

/** Writing email: Compose, file uploads for the editor, email templates. */
export function composeRoutes(ctx: Ctx, mail?: MailEnv) {
  return [
    route({
      method: 'POST',
      url: '/api/v1/conversations',
      summary:
        'Compose: a new outbound email from an inbox (members); the contact is found by address or created; the conversation is assigned to you',
      tag: 'conversations',
      auth: 'user',
      body: ComposeCreate,
      status: 201,
      handler: ({ actor, body }) => composeEmail(ctx, actor, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/attachments',
      summary:
        'Upload a file for an email you are writing: the bytes as the body (Content-Type: application/octet-stream), ?filename=; link it with attachmentIds',
      tag: 'messages',
      auth: 'user',
      query: UploadQuery,
      status: 201,
      bodyLimit: mail?.maxMessageBytes ?? 25 * 1024 * 1024,
      handler: ({ actor, query, req }) => saveUpload(ctx, mail, actor, { filename: query.filename, data: req.body }),
    }),
    route({
      method: 'GET',
      url: '/api/v1/uploads/:id',
      summary: 'Your own upload not yet sent (images inline, anything else as a download)',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: async ({ actor, params, reply }) => {
        const u = await uploadFor(ctx, mail, actor, params.id);
        return sendFile(reply, { path: u.path, filename: u.filename, contentType: u.content_type }, { as: 'image', cache: 0 });
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/templates',
      summary: 'Email templates you can use',
      tag: 'templates',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listTemplates(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/templates',
      summary: 'Create an email template (admins)',
      tag: 'templates',
      auth: 'user',
      body: TemplateCreate,
      status: 201,
      handler: ({ actor, body }) => createTemplate(ctx, actor, body),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/templates/:id',
      summary: 'Edit an email template (admins)',
      tag: 'templates',
      auth: 'user',
      params: idParams,
      body: TemplateUpdate,
      handler: ({ actor, params, body }) => updateTemplate(ctx, actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/templates/:id',
      summary: 'Delete an email template (admins)',
      tag: 'templates',
      auth: 'user',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => deleteTemplate(ctx, actor, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/v1/templates/:id/render',
      summary: 'The template with its tokens filled in for a contact and you (values HTML-escaped; unknown tokens left as written)',
      tag: 'templates',
      auth: 'user',
      params: idParams,
      query: TemplateRenderQuery,
      handler: ({ actor, params, query }) => renderTemplate(ctx, actor, params.id, query.contactId),
    }),
  ];
}
