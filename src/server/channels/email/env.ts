/** What the email channel needs from the configuration, passed down from main.ts. */
export interface MailEnv {
  /** Attachments and kept-aside mail live here (DATA_DIR/files by default). */
  filesDir: string;
  mailDomain: string;
  /** Outgoing relay for fallback addresses; none: replies are held. */
  relayUrl?: string;
  maxMessageBytes: number;
  /** DNS servers for sender authentication (DNS_SERVERS); none = the system's. */
  dnsServers?: string[];
  /** authserv-ids whose Authentication-Results on IMAP mail is believed (IMAP_TRUSTED_AUTHSERV_IDS). */
  trustedAuthservIds?: string[];
  /** Mailbox hosts may be loopback, private or link-local addresses (ALLOW_PRIVATE_MAIL_HOSTS). */
  allowPrivateHosts?: boolean;
}
