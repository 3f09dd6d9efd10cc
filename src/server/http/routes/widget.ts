import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

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
