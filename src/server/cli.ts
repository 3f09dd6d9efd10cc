import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportRequest } from './import/start.js';
import { ensureAppBuilt } from './app-build.js';
import { ConfigError, configVariables, loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { createCtx, type Ctx } from './domain/context.js';
import { fallbackAddress } from './domain/inboxes.js';
import { EventBus } from './events/bus.js';
import { openDatabase } from './db/open.js';
import type { SearchIndexOptions } from './db/search-indexer.js';
import type { Running } from './main.js';
import { keepServingOnUnhandledRejection } from './process-guard.js';
import { loadSecrets } from './secrets.js';
import { mailEnvOf } from './settings.js';

/** Where the built-in receiver listens, each inbox's address, and a command that sends a test message. */
async function whereMailGoes(s: Running, listenHost: string): Promise<string> {
  if (!s.roles.includes('smtp')) return 'Receiving mail: not in this process (ROLE); a process with the smtp role receives it.\n';
  if (s.smtpPort === null) return 'Receiving mail: off (SMTP_PORT=off); connect a mailbox over IMAP in Settings.\n';
  const inboxes = await s.ctx.db.kysely.selectFrom('inboxes').select(['name', 'slug']).orderBy('created_at').limit(10).execute();
  const host = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost;
  const lines = [`Receiving mail: SMTP on ${host}:${s.smtpPort}`];
  for (const i of inboxes) lines.push(`  ${i.name}: ${fallbackAddress(s.ctx, i.slug)}`);
  const to = inboxes[0] ? fallbackAddress(s.ctx, inboxes[0].slug) : `support@${s.ctx.mailDomain}`;
  lines.push(
    'Send a test message:',
    `  printf 'From: you@example.org\\nSubject: Hello\\n\\nIt works.\\n' | curl -s smtp://${host}:${s.smtpPort} --mail-from you@example.org --mail-rcpt ${to} -T -`,
  );
  return `${lines.join('\n')}\n`;
}

const usage = `Usage: switchboard <command>

  start                         migrate, then serve the app (default)
  migrate                       bring the database schema up to date
  create-user --email E --name N --role super_admin|admin|agent [--password P] [--seat]
  reset-password --email E [--password P]
  demo [--force]                fill an empty database with a living demo (3 inboxes, 8 users, 500 contacts,
                                40 companies, 2,000 conversations, 150 tickets); --force adds it to one with data
  backup <file>                 copy the SQLite database to <file> while the server runs (PostgreSQL: pg_dump)
  export <file>                 every table (JSON Lines), the files and an mboxrd per inbox in one archive
                                (<file>.tar, or gzipped when it ends in .tar.gz); no passwords or secrets
  restore <file>                an export into a new, empty installation (either engine)
  reports rebuild               work every report figure out again from the conversations' history
  import --inbox NAME [--format mbox|maildir|eml] [--variant mboxrd|mboxo|mboxcl|mboxcl2] <path>
                                bring mail history into an inbox: an mbox file (mboxrd unless --variant says),
                                a Maildir or a folder of .eml files; run it again to go on after a stop
  help, --help                  this text

Configuration comes from environment variables (README.md's table and .env.example say what each does):
${wrap(configVariables)}`;

function wrap(names: string[]): string {
  const lines = [''];
  for (const n of names) {
    if (lines[lines.length - 1]!.length + n.length > 96) lines.push('');
    lines[lines.length - 1] += `  ${n}`;
  }
  return lines.join('\n');
}

async function withCtx<T>(config: Config, fn: (ctx: Ctx) => Promise<T>, searchIndex?: SearchIndexOptions): Promise<T> {
  const db = openDatabase(config, undefined, searchIndex);
  await migrate(db);
  const bus = new EventBus(db);
  try {
    return await fn(createCtx({ db, bus, secrets: loadSecrets(config), mail: mailEnvOf(config) }));
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command = 'start', ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      seat: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      inbox: { type: 'string' },
      format: { type: 'string' },
      variant: { type: 'string' },
    },
    allowPositionals: ['backup', 'reports', 'import', 'export', 'restore'].includes(command),
  });
  const config = loadConfig();
  switch (command) {
    case 'start': {
      keepServingOnUnhandledRejection();
      // Whatever the server writes is for its own user only (the data directory is 0700, its files 0600).
      process.umask(0o077);
      // The server is loaded only to start it: the other commands need a fraction of it.
      const { rootDir, startServer } = await import('./main.js');
      if (config.roles.includes('web')) ensureAppBuilt(rootDir);
      const s = await startServer(config);
      if (s.adminCreated) {
        const a = s.adminCreated;
        console.log(
          `\nCreated the super admin ${a.email}${a.generated ? ` with password: ${a.password}\n(shown once; change it with: npx switchboard reset-password --email ${a.email})` : ''}`,
        );
      }
      // One write: whoever waits for the "running" line has the rest with it.
      // A process without the web role (ROLE) serves no app: only its checks.
      const running = s.roles.includes('web')
        ? `running: open ${s.url}`
        : `running (${s.roles.join(', ')}): checks at ${s.url} (/healthz, /readyz, /metrics)`;
      console.log(`\nSwitchboard is ${running}\n${await whereMailGoes(s, config.smtpHost)}`);
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void s.close().then(() => process.exit(0)));
      return;
    }
    case 'migrate':
      await withCtx(config, async () => undefined);
      console.log('Database is up to date.');
      return;
    case 'create-user': {
      const { createUser } = await import('./domain/users.js');
      const role = values.role ?? 'agent';
      if (!values.email || !values.name || !['super_admin', 'admin', 'agent'].includes(role)) {
        throw new UsageError('create-user needs --email, --name and --role super_admin|admin|agent');
      }
      const r = await withCtx(config, (ctx) =>
        createUser(ctx, null, {
          email: values.email!,
          name: values.name!,
          role: role as 'agent',
          paidSeat: values.seat ?? false,
          password: values.password,
        }),
      );
      console.log(
        `Created ${r.user.email} (${r.user.role}${r.user.paidSeat ? ', paid seat' : ''})${values.password ? '' : ` with password: ${r.password}`}`,
      );
      return;
    }
    case 'reset-password': {
      if (!values.email) throw new UsageError('reset-password needs --email');
      const { resetPasswordByCli } = await import('./domain/passwords.js');
      const pw = await withCtx(config, (ctx) => resetPasswordByCli(ctx, values.email!, values.password));
      console.log(
        `${values.password ? 'Password changed.' : `New password: ${pw}`} Every session and API token of ${values.email} has ended.`,
      );
      return;
    }
    case 'demo': {
      const { fillDemo } = await import('./demo/demo.js');
      const { closeParsePool } = await import('./channels/email/parse-pool.js');
      const { closeEmailBodyPool } = await import('./domain/email-body.js');
      await withCtx(config, async (ctx) => {
        try {
          const r = await fillDemo(ctx, (line) => console.log(line), { force: values.force });
          console.log(`Demo ready. Log in as ${r.login.email} / ${r.login.password}`);
        } finally {
          await Promise.all([closeParsePool(), closeEmailBodyPool()]);
        }
      });
      return;
    }
    case 'backup': {
      const target = positionals[0];
      if (!target || positionals.length > 1) throw new UsageError('backup needs one file name: switchboard backup <file>');
      const { backup } = await import('./backup-command.js');
      console.log(await backup(config, target));
      return;
    }
    case 'export':
    case 'restore': {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError(`${command} needs one file name: switchboard ${command} <file>`);
      const { exportCommand, restoreCommand } = await import('./export/command.js');
      console.log(await withCtx(config, (ctx) => (command === 'export' ? exportCommand(ctx, file) : restoreCommand(ctx, file))));
      return;
    }
    case 'reports': {
      if (positionals.join(' ') !== 'rebuild') throw new UsageError('reports takes one command: switchboard reports rebuild');
      const { rebuildReports } = await import('./reports/rebuild.js');
      const r = await withCtx(config, (ctx) =>
        rebuildReports(ctx, { conversations: progressBar('conversations'), days: progressBar('days rolled up') }),
      );
      const n = (x: number) => x.toLocaleString('en');
      console.log(
        `Reports rebuilt: ${n(r.facts)} facts from ${n(r.conversations)} conversations; ${n(r.days)} days and ${n(r.months)} months rolled up.`,
      );
      return;
    }
    case 'import': {
      const source = positionals[0];
      if (!values.inbox || !source || positionals.length > 1) throw new UsageError('import needs --inbox and one file or folder');
      const { importCommand } = await import('./import/command.js');
      const { closeParsePool, parseSmallOnThisThread } = await import('./channels/email/parse-pool.js');
      const { closeEmailBodyPool } = await import('./domain/email-body.js');
      // This process only imports: it holds what that needs and no more (the live server keeps its own workers and indexer).
      parseSmallOnThisThread();
      await withCtx(
        config,
        async (ctx) => {
          try {
            const format = values.format as ImportRequest['format'];
            const variant = values.variant as ImportRequest['variant'];
            await importCommand(ctx, { inbox: values.inbox!, path: path.resolve(source), format, variant });
          } finally {
            await Promise.all([closeParsePool(), closeEmailBodyPool()]);
          }
        },
        // The imported text waits in the search queue for the server's indexer.
        { queueOnly: true },
      );
      return;
    }
    case 'help':
    case '--help':
      console.log(usage);
      return;
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

class UsageError extends Error {}

/** A progress bar on a terminal (a line every tenth otherwise): `done` of `total` things. */
function progressBar(things: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const pct = total ? Math.floor((100 * done) / total) : 100;
    const text = `${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${things}`;
    if (process.stdout.isTTY) {
      const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
      process.stdout.write(`\r[${bar}] ${String(pct).padStart(3)}% ${text}${done >= total ? '\n' : ''}`);
    } else if (Math.floor(pct / 10) > shown) {
      shown = Math.floor(pct / 10);
      console.log(`${String(pct).padStart(3)}% ${text}`);
    }
  };
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof UsageError) console.error(`${err.message}\n\n${usage}`);
  else console.error(err?.message ?? err);
  process.exit(1);
});
