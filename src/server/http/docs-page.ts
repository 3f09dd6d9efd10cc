/** `/api/docs`: the API's documentation page. */
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
