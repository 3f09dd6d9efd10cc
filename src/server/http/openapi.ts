import { z } from 'zod';
import type { RouteDef } from './route.js';

const schemaOf = (s: unknown) => z.toJSONSchema(s as z.ZodType, { io: 'input', unrepresentable: 'any' });

/** The OpenAPI document, generated from the same zod schemas that validate requests. */
export function openApiDocument(routes: RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const m of r.url.matchAll(/:(\w+)/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (r.query) {
      const js = schemaOf(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema });
      }
    }
    const status = String(r.status ?? 200);
    paths[path] ??= {};
    paths[path]![r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth === 'user' ? { security: [{ session: [] }, { bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body) } } } } : {}),
      responses: {
        [status]: { description: status === '204' ? 'Done' : 'OK' },
        '400': { description: 'Invalid input: `{ error, message, fields }` names each bad field' },
        ...(r.auth === 'user'
          ? {
              '401': { description: 'Not logged in' },
              '403': { description: 'You may see this but not do this' },
              '404': { description: 'Not found (or not yours to see)' },
            }
          : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version,
      description: 'Every list answers `{ items, nextCursor }`. Realtime events: WebSocket at `/api/v1/stream`.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sb_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  };
}

export const docsPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Switchboard API</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d2330}
h2{margin-top:2rem;border-bottom:1px solid #ddd;text-transform:capitalize}.op{margin:.75rem 0;padding:.5rem .75rem;border:1px solid #e3e6ee;border-radius:6px}
.m{display:inline-block;min-width:4.5rem;font-weight:700}.GET{color:#1769aa}.POST{color:#2e7d32}.PATCH{color:#9a6700}.DELETE{color:#c62828}
code{font-size:14px}details pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px}</style></head>
<body><h1>Switchboard API</h1><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Authenticate with the session cookie (log in) or <code>Authorization: Bearer &lt;token&gt;</code> (create one with <code>POST /api/v1/tokens</code>). Realtime: WebSocket <code>/api/v1/stream?after=&lt;lastEventId&gt;</code>.</p>
<div id="ops">Loading…</div><script>
fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{const byTag={};
for(const [p,ops] of Object.entries(doc.paths))for(const [m,op] of Object.entries(ops))(byTag[op.tags[0]]??=[]).push({p,m:m.toUpperCase(),op});
const el=document.getElementById('ops');el.textContent='';
for(const [tag,list] of Object.entries(byTag)){const h=document.createElement('h2');h.textContent=tag;el.append(h);
for(const {p,m,op} of list){const d=document.createElement('div');d.className='op';const s=document.createElement('span');s.className='m '+m;s.textContent=m;
const c=document.createElement('code');c.textContent=p;const t=document.createElement('div');t.textContent=op.summary;d.append(s,c,t);
const extra={parameters:op.parameters,body:op.requestBody?.content['application/json'].schema};if(extra.parameters||extra.body){const det=document.createElement('details');
const sum=document.createElement('summary');sum.textContent='Schema';const pre=document.createElement('pre');pre.textContent=JSON.stringify(extra,null,2);det.append(sum,pre);d.append(det)}
el.append(d)}}});</script></body></html>`;
