/**
 * "Test connection" for a mailbox, saved or not: resolves and checks each host as the poller and sender
 * do, then logs in to IMAP and opens the folder, and greets SMTP (`verify()`: login when it has a user).
 * Each side is bounded in time. Answers each side's class of failure, never the server's words (those go
 * to the log). Nothing is stored.
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { MailboxConnectionTest, MailboxProbe } from '../../../common/api.js';
import type { MailEnv } from '../../settings.js';
import { imapOptions, openFolder } from './imap.js';
import type { EmailChannelSettings } from './ingest.js';
import { classifyMailError, MailConnectionError, resolveMailHost } from './mail-hosts.js';
import { smtpOptions } from './outbound.js';

const TIMEOUT_MS = 10_000;
/** The most one side may take, DNS and login included. */
const TOTAL_MS = 20_000;

type Log = (msg: string, err: unknown) => void;

async function probe(protocol: 'imap' | 'smtp', run: () => Promise<void>, log: Log): Promise<MailboxProbe> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new MailConnectionError('timeout')), TOTAL_MS);
  });
  try {
    await Promise.race([run(), late]);
    return { ok: true, error: null, errorKind: null };
  } catch (err) {
    const c = classifyMailError(err, protocol);
    log(`mailbox test: ${protocol}: ${c.message}`, err);
    return { ok: false, error: c.message, errorKind: c.kind };
  } finally {
    clearTimeout(timer);
  }
}

/** The settings a test needs: the sides to try (passwords in the clear) and whether certificates are verified. */
export type MailboxTestSettings = Pick<EmailChannelSettings, 'imap' | 'smtp' | 'skipCertificateVerification'>;

export async function testMailbox(env: MailEnv | undefined, settings: MailboxTestSettings, log: Log): Promise<MailboxConnectionTest> {
  const verify = !settings.skipCertificateVerification;
  const allowPrivate = env?.allowPrivateHosts ?? false;
  const { imap, smtp } = settings;
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
              await openFolder(client, imap.folder);
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
