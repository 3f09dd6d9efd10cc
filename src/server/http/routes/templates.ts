import { TemplateCreate, TemplateRenderQuery, TemplateUpdate } from '../../../common/api.js';
import type { Ctx } from '../../domain/context.js';
import { createTemplate, deleteTemplate, listTemplates, renderTemplate, updateTemplate } from '../../domain/templates.js';
import { idParams, listOf, route } from '../route.js';
import { RenderedTemplate, TemplateOut, pageOf } from '../../../common/api-outputs/index.js';

/** Email templates (`/api/v1/templates`). */
export function templateRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/templates',
      operationId: 'listTemplates',
      response: pageOf(TemplateOut),
      summary: 'Email templates you can use',
      tag: 'templates',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listTemplates(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/templates',
      operationId: 'createTemplate',
      response: TemplateOut,
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
      operationId: 'updateTemplate',
      response: TemplateOut,
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
      operationId: 'deleteTemplate',
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
      operationId: 'renderTemplate',
      response: RenderedTemplate,
      summary: 'The template with its tokens filled in for a contact and you (values HTML-escaped; unknown tokens left as written)',
      tag: 'templates',
      auth: 'user',
      params: idParams,
      query: TemplateRenderQuery,
      handler: ({ actor, params, query }) => renderTemplate(ctx, actor, params.id, query.contactId),
    }),
  ];
}
