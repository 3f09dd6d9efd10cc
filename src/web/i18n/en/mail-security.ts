/** English (the reference): a mailbox's connection security. */
export const mailSecurity = {
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
  'mailSecurity.error.folder': 'Folder not found',
  'mailSecurity.error.rejected': 'The mail server refused the message',
  'mailSecurity.error.failed': 'Connection failed',
  'mailSecurity.test': 'Test connection',
  'mailSecurity.testing': 'Testing…',
  'mailSecurity.connected': 'connected',
  'mailSecurity.imapResult': 'IMAP: {result}',
  'mailSecurity.smtpResult': 'SMTP: {result}',
};
