/** Strings of a mailbox's connection security (certificate verification, connection failures); same locales as the core catalogue. */
import { useI18n } from './index.js';

const en = {
  'mailSecurity.skipVerify': 'Skip TLS certificate verification',
  'mailSecurity.skipHint': 'Only for a mail server with a self-signed certificate you trust.',
  'mailSecurity.skipWarning':
    'Certificates are not verified: anyone between this server and the mail server can read the mailbox password and the mail.',
  'mailSecurity.error.private': 'Refused: the host is a loopback, private or link-local address',
  'mailSecurity.error.not-found': 'Host not found',
  'mailSecurity.error.refused': 'Connection refused',
  'mailSecurity.error.timeout': 'Timed out',
  'mailSecurity.error.tls': 'TLS failed (certificate or handshake)',
  'mailSecurity.error.not-imap': 'Not an IMAP server',
  'mailSecurity.error.not-smtp': 'Not an SMTP server',
  'mailSecurity.error.login': 'Login refused',
  'mailSecurity.error.rejected': 'The mail server refused the message',
  'mailSecurity.error.failed': 'Connection failed',
  'mailSecurity.test': 'Test connection',
  'mailSecurity.testing': 'Testing…',
  'mailSecurity.connected': 'connected',
  'mailSecurity.imapResult': 'IMAP: {result}',
  'mailSecurity.smtpResult': 'SMTP: {result}',
};
export type MailSecurityKey = keyof typeof en;

const nl: Record<MailSecurityKey, string> = {
  'mailSecurity.skipVerify': 'TLS-certificaat niet controleren',
  'mailSecurity.skipHint': 'Alleen voor een mailserver met een zelfondertekend certificaat dat u vertrouwt.',
  'mailSecurity.skipWarning':
    'Certificaten worden niet gecontroleerd: iedereen tussen deze server en de mailserver kan het wachtwoord van de mailbox en de mail lezen.',
  'mailSecurity.error.private': 'Geweigerd: de host is een loopback-, privé- of link-local-adres',
  'mailSecurity.error.not-found': 'Host niet gevonden',
  'mailSecurity.error.refused': 'Verbinding geweigerd',
  'mailSecurity.error.timeout': 'Time-out',
  'mailSecurity.error.tls': 'TLS mislukt (certificaat of handshake)',
  'mailSecurity.error.not-imap': 'Geen IMAP-server',
  'mailSecurity.error.not-smtp': 'Geen SMTP-server',
  'mailSecurity.error.login': 'Inloggen geweigerd',
  'mailSecurity.error.rejected': 'De mailserver heeft het bericht geweigerd',
  'mailSecurity.error.failed': 'Verbinding mislukt',
  'mailSecurity.test': 'Verbinding testen',
  'mailSecurity.testing': 'Bezig met testen…',
  'mailSecurity.connected': 'verbonden',
  'mailSecurity.imapResult': 'IMAP: {result}',
  'mailSecurity.smtpResult': 'SMTP: {result}',
};

const sv: Record<MailSecurityKey, string> = {
  'mailSecurity.skipVerify': 'Hoppa över kontroll av TLS-certifikat',
  'mailSecurity.skipHint': 'Bara för en e-postserver med ett självsignerat certifikat som du litar på.',
  'mailSecurity.skipWarning':
    'Certifikat kontrolleras inte: vem som helst mellan den här servern och e-postservern kan läsa brevlådans lösenord och e-posten.',
  'mailSecurity.error.private': 'Nekad: värden är en loopback-, privat eller länklokal adress',
  'mailSecurity.error.not-found': 'Värden hittades inte',
  'mailSecurity.error.refused': 'Anslutningen nekades',
  'mailSecurity.error.timeout': 'Tidsgränsen överskreds',
  'mailSecurity.error.tls': 'TLS misslyckades (certifikat eller handskakning)',
  'mailSecurity.error.not-imap': 'Inte en IMAP-server',
  'mailSecurity.error.not-smtp': 'Inte en SMTP-server',
  'mailSecurity.error.login': 'Inloggningen nekades',
  'mailSecurity.error.rejected': 'E-postservern nekade meddelandet',
  'mailSecurity.error.failed': 'Anslutningen misslyckades',
  'mailSecurity.test': 'Testa anslutningen',
  'mailSecurity.testing': 'Testar…',
  'mailSecurity.connected': 'ansluten',
  'mailSecurity.imapResult': 'IMAP: {result}',
  'mailSecurity.smtpResult': 'SMTP: {result}',
};

const catalogs = { en, nl, sv } as const;
export type MailSecurityT = (key: MailSecurityKey, vars?: Record<string, string>) => string;

export function useMailSecurityT(): MailSecurityT {
  const { locale } = useI18n();
  const cat: Record<MailSecurityKey, string> = catalogs[locale] ?? en;
  return (key, vars) => {
    let s = cat[key] ?? en[key];
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(v);
    return s;
  };
}

/** A connection failure's class as the server names it (`lastErrorKind`), in the reader's language. */
export function mailErrorKey(kind: string): MailSecurityKey | null {
  const key = `mailSecurity.error.${kind}`;
  return key in en ? (key as MailSecurityKey) : null;
}
