/** English: privacy (a contact's page: erase, download their data; Settings › Inboxes › Retention). */
export const privacy = {
  'privacy.title': 'Privacy',
  'privacy.exportJson': 'Download their data (JSON)',
  'privacy.exportHtml': 'Download their data (readable page)',
  'privacy.erase': 'Erase contact',
  'privacy.eraseTitle': 'Erase {name}?',
  'privacy.eraseText':
    'This removes everything this person wrote and everything held about them: messages, files, details, notes and their words in search. Their conversations stay, shown as “erased contact”. This cannot be undone.',
  'privacy.eraseWord': 'ERASE',
  'privacy.eraseType': 'Type {word} to confirm',
  'privacy.eraseConfirm': 'Erase for good',
  'privacy.erased': 'The contact was erased.',
  'privacy.erasedMessage': 'Message erased',
  'privacy.erasedContact': 'Erased contact',
  'privacy.retention': 'Retention',
  'privacy.retentionNamed': 'Retention: {name}',
  'privacy.retentionTitle': 'Retention for {name}',
  'privacy.retentionText':
    'Delete conversations, with their messages and files, once they have been closed for this many days. Checked every night.',
  'privacy.retentionKeep': 'Keep conversations forever',
  'privacy.retentionDelete': 'Delete closed conversations after',
  'privacy.retentionDays': 'Days',
  'privacy.retentionSaved': 'Retention saved.',
};
