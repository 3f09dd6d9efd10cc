import type { Config } from './config.js';

/** What the mail channels need from the configuration: built once at start, carried on the `Ctx`. */
export interface MailEnv {
  /** Attachments and kept-aside mail live here (DATA_DIR/files by default). */
  filesDir: string;
  /** DATA_DIR: exports started in the app are written to its `exports` folder (none: beside `filesDir`). */
  dataDir?: string;
  mailDomain: string;
  /** SMTP_RELAY_URL: the default outgoing mail server when none is saved in Settings (read it through `channels/email/relay.ts`). */
  relayUrl?: string;
  maxMessageBytes: number;
  /** Where uploads for imports started in the app go, and their largest size (IMPORT_MAX_MB); none: no uploads. */
  importUploads?: { dir: string; maxBytes: number };
  /** DNS servers for sender authentication (DNS_SERVERS); none = the system's. */
  dnsServers?: string[];
  /** authserv-ids whose Authentication-Results on IMAP mail is believed (IMAP_TRUSTED_AUTHSERV_IDS). */
  trustedAuthservIds?: string[];
  /** Mailbox hosts may be loopback, private or link-local addresses (ALLOW_PRIVATE_MAIL_HOSTS). */
  allowPrivateHosts?: boolean;
  /** Outgoing webhooks may target loopback, private or link-local addresses (ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivateWebhooks?: boolean;
  /** Slack's Web API base URL (SLACK_API_URL). */
  slackApiUrl?: string;
  /** Meta's Graph API for Messenger (MESSENGER_GRAPH_URL, MESSENGER_GRAPH_VERSION). */
  messengerGraph?: { url: string; version: string };
  /** Where the app is reached (PUBLIC_URL, else the address it listens on): links back from Slack and in the mail the server writes. */
  appUrl?: string;
  /** VAPID_SUBJECT: the contact Web Push requests name (`mailto:` or `https:`). */
  vapidSubject?: string;
  /** Support forms' abuse limits (FORM_*); none: `DEFAULT_FORM_LIMITS`. */
  forms?: FormLimits;
}

/** Support form submissions: per address per hour and per day, all forms per day, the largest file, the quickest fill. */
export interface FormLimits {
  perAddressHour: number;
  perAddressDay: number;
  totalDay: number;
  maxFileBytes: number;
  /** A submission sooner than this after the page was served is refused (a person takes longer). */
  minFillMs: number;
}

export const DEFAULT_FORM_LIMITS: FormLimits = {
  perAddressHour: 20,
  perAddressDay: 240,
  totalDay: 5000,
  maxFileBytes: 10 * 1024 * 1024,
  minFillMs: 2000,
};

/** The mail settings of a configuration. */
export function mailEnvOf(config: Config): MailEnv {
  return {
    filesDir: config.filesDir,
    dataDir: config.dataDir,
    mailDomain: config.mailDomain,
    relayUrl: config.smtpRelayUrl,
    maxMessageBytes: config.maxMessageBytes,
    importUploads: config.importUploads,
    dnsServers: config.dnsServers,
    trustedAuthservIds: config.imapTrustedAuthservIds,
    allowPrivateHosts: config.allowPrivateMailHosts,
    allowPrivateWebhooks: config.allowPrivateWebhooks,
    slackApiUrl: config.slackApiUrl,
    messengerGraph: config.messengerGraph,
    appUrl: config.publicUrl,
    vapidSubject: config.vapidSubject,
    forms: config.forms,
  };
}
