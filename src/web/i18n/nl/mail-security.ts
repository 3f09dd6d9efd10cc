/** Dutch: a mailbox's connection security. */
import type { mailSecurity as reference } from '../en/mail-security.js';

export const mailSecurity: Record<keyof typeof reference, string> = {
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
  'mailSecurity.error.folder': 'Map niet gevonden',
  'mailSecurity.error.rejected': 'De mailserver heeft het bericht geweigerd',
  'mailSecurity.error.failed': 'Verbinding mislukt',
  'mailSecurity.test': 'Verbinding testen',
  'mailSecurity.testing': 'Bezig met testen…',
  'mailSecurity.connected': 'verbonden',
  'mailSecurity.imapResult': 'IMAP: {result}',
  'mailSecurity.smtpResult': 'SMTP: {result}',
};
