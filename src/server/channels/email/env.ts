/** What the email channel needs from the configuration, passed down from main.ts. */
export interface MailEnv {
  /** Attachments and kept-aside mail live here (DATA_DIR/files by default). */
  filesDir: string;
  mailDomain: string;
  /** Outgoing relay for fallback addresses; none: replies are held. */
  relayUrl?: string;
  maxMessageBytes: number;
  /** Mailbox hosts may be loopback, private or link-local addresses (ALLOW_PRIVATE_MAIL_HOSTS). */
  allowPrivateHosts?: boolean;
}
