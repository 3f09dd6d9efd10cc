/**
 * `/api/docs`: Swagger UI (npm `swagger-ui-dist`, served from memory under `/api/docs/assets/`) on the live
 * document, "Try it out" on: requests go to this origin with the session cookie of whoever is logged in.
 * No inline script: the page's CSP runs only its own files; Swagger UI sets inline styles and data: icons.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const ASSETS = '/api/docs/assets';

export const docsPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Switchboard API</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css"><link rel="stylesheet" href="${ASSETS}/docs.css"></head>
<body><header class="sb-docs"><h1>Switchboard API</h1><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
Log in to the app in this browser and “Try it out” runs as you (the session cookie); scripts send <code>Authorization: Bearer &lt;token&gt;</code>
(create one with <code>POST /api/v1/tokens</code>). Realtime: WebSocket <code>/api/v1/stream?after=&lt;lastEventId&gt;</code>.</p></header>
<main id="swagger-ui"></main>
<script src="${ASSETS}/swagger-ui-bundle.js"></script><script src="${ASSETS}/docs.js"></script></body></html>`;

const docsScript = `window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: true,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
  docExpansion: 'list',
  filter: true,
  requestInterceptor: (req) => { req.credentials = 'same-origin'; return req; },
});
`;
const docsStyle = `body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d2330}
.sb-docs{max-width:1460px;margin:0 auto;padding:1.5rem 20px 0}.sb-docs h1{margin:0 0 .5rem;font-size:1.6rem}
.sb-docs p{margin:0;max-width:60rem}.sb-docs code{font-size:14px}
.swagger-ui .information-container{display:none}`;

/** The page's own CSP: only its own scripts; Swagger UI's inline styles and data: icons; requests to this origin. */
export const docsCsp =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Registers `/api/docs` and its assets (read once, kept in memory; cached a day by browsers). */
export function registerDocs(app: FastifyInstance) {
  const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const assets: Record<string, { type: string; body: string | Buffer }> = {
    'swagger-ui-bundle.js': { type: 'text/javascript', body: fs.readFileSync(path.join(dist, 'swagger-ui-bundle.js')) },
    'swagger-ui.css': { type: 'text/css', body: fs.readFileSync(path.join(dist, 'swagger-ui.css')) },
    'docs.js': { type: 'text/javascript', body: docsScript },
    'docs.css': { type: 'text/css', body: docsStyle },
  };
  app.get('/api/docs', async (_req, reply) => reply.type('text/html').header('content-security-policy', docsCsp).send(docsPage));
  app.get<{ Params: { file: string } }>(`${ASSETS}/:file`, async (req, reply) => {
    const asset = assets[req.params.file];
    if (!asset) return reply.status(404).send({ error: 'not_found', message: 'No such file' });
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(asset.body);
  });
}
