import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The client accepts this content coding (named in Accept-Encoding, not with q=0). */
function accepts(header: string | undefined, coding: string): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    return name === coding && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

/**
 * `/widget.js`: the embeddable widget built by scripts/build-widget.mjs, for pages of any origin;
 * its brotli or gzip copy (written at build) to browsers that accept one.
 */
export function serveWidget(app: FastifyInstance, rootDir: string): void {
  const file = path.join(rootDir, 'dist/widget/widget.js');
  app.get('/widget.js', async (req, reply) => {
    if (!fs.existsSync(file))
      return reply.status(404).type('text/plain').send('The widget is not built: run node scripts/build-widget.mjs');
    const coding = (['br', 'gzip'] as const).find(
      (c) => accepts(req.headers['accept-encoding'], c) && fs.existsSync(`${file}.${c === 'br' ? 'br' : 'gz'}`),
    );
    if (coding) reply.header('content-encoding', coding);
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('vary', 'accept-encoding')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(fs.readFileSync(coding ? `${file}.${coding === 'br' ? 'br' : 'gz'}` : file));
  });
}
