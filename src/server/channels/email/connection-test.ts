/**
 * "Test connection" for a mailbox: resolves and checks each host as the poller and sender do, then
 * logs in to IMAP and greets SMTP with the stored settings. Answers each side's class of failure,
 * never the server's words (those go to the log).
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { MailboxConnectionTest, MailboxProbe } from '../../../common/api.js';
import type { ChannelsTable } from '../../db/schema.js';
import type { Ctx } from '../../domain/context.js';
import { channelSettings } from '../../secrets.js';
import type { MailEnv } from '../../settings.js';
import { imapOptions } from './imap.js';
import type { EmailChannelSettings } from './ingest.js';
import { classifyMailError, resolveMailHost } from './mail-hosts.js';
import { smtpOptions } from './outbound.js';

const TIMEOUT_MS = 10_000;

async function probe(protocol: 'imap' | 'smtp', run: () => Promise<void>, log: (msg: string, err: unknown) => void): Promise<MailboxProbe> {
  try {
    await run();
    return { ok: true, error: null, errorKind: null };
  } catch (err) {
    const c = classifyMailError(err, protocol);
    log(`mailbox test: ${protocol}: ${c.message}`, err);
    return { ok: false, error: c.message, errorKind: c.kind };
  }
}

export async function testMailbox(
  ctx: Ctx,
  env: MailEnv | undefined,
  c: ChannelsTable,
  log: (msg: string, err: unknown) => void,
): Promise<MailboxConnectionTest> {
  const settings = channelSettings<EmailChannelSettings>(ctx.secrets, c, {});
  const verify = !settings.skipCertificateVerification;
  const allowPrivate = env?.allowPrivateHosts ?? false;
  const imap = settings.imap;
  const smtp = settings.smtp;
  const [imapResult, smtpResult] = await Promise.all([
    imap
      ? probe(
          'imap',
          async () => {
            const target = await resolveMailHost(imap.host, allowPrivate);
            const client = new ImapFlow({
              ...imapOptions(target, imap, verify),
              connectionTimeout: TIMEOUT_MS,
              greetingTimeout: TIMEOUT_MS,
              socketTimeout: TIMEOUT_MS,
            });
            client.on('error', () => undefined);
            try {
              await client.connect();
            } finally {
              await client.logout().catch(() => client.close());
            }
          },
          log,
        )
      : null,
    smtp?.host
      ? probe(
          'smtp',
          async () => {
            const target = await resolveMailHost(smtp.host, allowPrivate);
            const t = nodemailer.createTransport({
              ...smtpOptions(target, smtp, verify),
              connectionTimeout: TIMEOUT_MS,
              greetingTimeout: TIMEOUT_MS,
              socketTimeout: TIMEOUT_MS,
            });
            try {
              await t.verify();
            } finally {
              t.close();
            }
          },
          log,
        )
      : null,
  ]);
  return { imap: imapResult, smtp: smtpResult };
}
