/** Swedish: a mailbox's connection security. */
import type { mailSecurity as reference } from '../en/mail-security.js';

export const mailSecurity: Record<keyof typeof reference, string> = {
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
  'mailSecurity.error.folder': 'Mappen hittades inte',
  'mailSecurity.error.rejected': 'E-postservern nekade meddelandet',
  'mailSecurity.error.failed': 'Anslutningen misslyckades',
  'mailSecurity.test': 'Testa anslutningen',
  'mailSecurity.testing': 'Testar…',
  'mailSecurity.connected': 'ansluten',
  'mailSecurity.imapResult': 'IMAP: {result}',
  'mailSecurity.smtpResult': 'SMTP: {result}',
};
