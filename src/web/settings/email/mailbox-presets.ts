/** The common mail providers' IMAP and SMTP servers, filled in when an admin picks one; `other` leaves the servers to type. */
export interface ServerSide {
  host: string;
  port: number;
  /** TLS from the first byte (993, 465); false: STARTTLS when the server offers it (143, 587). */
  secure: boolean;
}
export const providers = ['gmail', 'outlook', 'icloud', 'yahoo', 'fastmail', 'other'] as const;
export type Provider = (typeof providers)[number];

export const presets: Record<Exclude<Provider, 'other'>, { imap: ServerSide; smtp: ServerSide }> = {
  gmail: { imap: { host: 'imap.gmail.com', port: 993, secure: true }, smtp: { host: 'smtp.gmail.com', port: 465, secure: true } },
  outlook: {
    imap: { host: 'outlook.office365.com', port: 993, secure: true },
    smtp: { host: 'smtp.office365.com', port: 587, secure: false },
  },
  icloud: { imap: { host: 'imap.mail.me.com', port: 993, secure: true }, smtp: { host: 'smtp.mail.me.com', port: 587, secure: false } },
  yahoo: { imap: { host: 'imap.mail.yahoo.com', port: 993, secure: true }, smtp: { host: 'smtp.mail.yahoo.com', port: 465, secure: true } },
  fastmail: { imap: { host: 'imap.fastmail.com', port: 993, secure: true }, smtp: { host: 'smtp.fastmail.com', port: 465, secure: true } },
};

/** The provider whose IMAP server a saved mailbox uses, else `other`. */
export function providerOf(imapHost: string): Provider {
  const host = imapHost.trim().toLowerCase();
  return (Object.keys(presets) as (keyof typeof presets)[]).find((p) => presets[p].imap.host === host) ?? 'other';
}
