/** A Switchboard server in its own process (killed with SIGKILL by the durability test). Config from the environment. */
import { loadConfig } from '../../../src/server/config.js';
import { startServer } from '../../../src/server/main.js';

const running = await startServer(loadConfig(process.env), { schema: process.env.SB_TEST_SCHEMA || undefined });
process.stdout.write(`READY ${running.url} ${running.smtpPort}\n`);
process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
