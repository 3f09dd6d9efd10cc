import type { Config } from './config.js';

/** What the mail channels need from the configuration: built once at start, carried on the `Ctx`. */
export interface MailEnv {
  /** Attachments and kept-aside mail live here (DATA_DIR/files by default). */
  filesDir: string;
  mailDomain: string;
  /** SMTP_RELAY_URL: the default outgoing mail server when none is saved in Settings (read it through `channels/email/relay.ts`). */
  relayUrl?: string;
  maxMessageBytes: number;
  /** DNS servers for sender authentication (DNS_SERVERS); none = the system's. */
  dnsServers?: string[];
  /** authserv-ids whose Authentication-Results on IMAP mail is believed (IMAP_TRUSTED_AUTHSERV_IDS). */
  trustedAuthservIds?: string[];
  /** Mailbox hosts may be loopback, private or link-local addresses (ALLOW_PRIVATE_MAIL_HOSTS). */
  allowPrivateHosts?: boolean;
  /** Outgoing webhooks may target loopback, private or link-local addresses (ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivateWebhooks?: boolean;
}

/** The mail settings of a configuration. */
export function mailEnvOf(config: Config): MailEnv {
  return {
    filesDir: config.filesDir,
    mailDomain: config.mailDomain,
    relayUrl: config.smtpRelayUrl,
    maxMessageBytes: config.maxMessageBytes,
    dnsServers: config.dnsServers,
    trustedAuthservIds: config.imapTrustedAuthservIds,
    allowPrivateHosts: config.allowPrivateMailHosts,
    allowPrivateWebhooks: config.allowPrivateWebhooks,
  };
}
