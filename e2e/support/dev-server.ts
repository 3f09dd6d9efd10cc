/**
 * A throwaway server for working on the agent app by hand or with a browser script:
 *   npx tsx e2e/support/dev-server.ts [--demo]
 * Builds the app if needed, starts an isolated server, adds a few conversations (or the full
 * `switchboard demo` data with --demo), and prints the URL and a login.
 */
import { fillDemo } from '../../src/server/demo/demo.js';
import { ensureWebBuilt } from './fixtures.js';
import { startTestServer } from '../../test/support/server.js';

ensureWebBuilt();
const server = await startTestServer();
let login = server.admin;
if (process.argv.includes('--demo')) {
  const demo = await fillDemo(server.running.ctx, () => {}, { force: true });
  login = demo.login;
} else {
  const inboxes = await server.adminClient.get('/api/v1/inboxes');
  const inboxId = inboxes.body.items[0].id;
  for (let i = 0; i < 5; i++) {
    await server.adminClient.post(`/api/v1/inboxes/${inboxId}/conversations`, {
      contact: { email: `customer${i}@example.org`, name: `Customer ${i}` },
      subject: `Question ${i}`,
      body: `Hello, I have question number ${i}.`,
    });
  }
}
console.log(`URL ${server.url}`);
console.log(`LOGIN ${login.email} ${login.password}`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
