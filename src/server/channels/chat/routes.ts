import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../domain/context.js';
import { idParams, route } from '../../http/route.js';
import { baseUrlOf, createChatChannel, forgetConversationVisitor, rotateChatSecret } from './manage.js';
import { ChatChannelCreate } from './settings.js';

export function chatRoutes(ctx: Ctx) {
  return [
    route({
      method: 'POST',
      url: '/api/v1/inboxes/:id/channels',
      summary: 'Create a website chat channel (admins); the answer holds its installSnippet',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: ChatChannelCreate,
      status: 201,
      handler: ({ actor, params, body, req }) => createChatChannel(ctx, actor, params.id, body, baseUrlOf(req)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/rotate-secret',
      summary:
        'A new identity secret for a chat channel (admins): every visitor token and identity hash made with the old one stops working',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params, req }) => rotateChatSecret(ctx, actor, params.id, baseUrlOf(req)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/forget-visitor',
      summary: "Forget a website chat's visitor: their device's token stops working and the widget starts over; the conversation stays",
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => forgetConversationVisitor(ctx, actor, params.id),
    }),
  ];
}

/** `/widget.js`: the embeddable widget built by scripts/build-widget.mjs, for pages of any origin. */
export function serveWidget(app: FastifyInstance, rootDir: string): void {
  const file = path.join(rootDir, 'dist/widget/widget.js');
  app.get('/widget.js', async (_req, reply) => {
    if (!fs.existsSync(file))
      return reply.status(404).type('text/plain').send('The widget is not built: run node scripts/build-widget.mjs');
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(fs.readFileSync(file));
  });
}
