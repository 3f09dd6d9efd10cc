import { startTestServer } from '../../test/support/server.js';
const s = await startTestServer();
console.log('URL', s.url, JSON.stringify(s.admin));
const inboxes = await s.adminClient.get('/api/v1/inboxes');
console.log(JSON.stringify(inboxes.body).slice(0, 400));
const inboxId = inboxes.body.items[0].id;
for (let i = 0; i < 5; i++) {
  const r = await s.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: `c${i}@example.org`, name: `Customer ${i}` }, subject: `Question ${i}`, body: `Hello, I have question number ${i}.` });
  if (i === 0) console.log(r.status, JSON.stringify(r.body).slice(0, 600));
}
process.on('SIGTERM', async () => { await s.close(); process.exit(0); });
setInterval(() => {}, 1 << 30);
