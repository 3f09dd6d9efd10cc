/** English: the reference catalogue of texts the server writes for people (mail); Dutch and Swedish must give every key. */
export const en = {
  'from.agent': '{agent} from {company}',

  'transcript.subject': 'Chat transcript: {visitor}',
  'transcript.title': 'Chat transcript',
  'transcript.startedOn': 'Started on: {page}',
  'transcript.visitor': 'Visitor: {visitor}',
  'transcript.closed': 'Closed: {at}',
  'transcript.messages': '{count, plural, =0 {No messages} one {# message} other {# messages}}',
  'transcript.unknownPage': 'unknown',
  'transcript.someVisitor': 'Visitor',
  'transcript.someAgent': 'Agent',

  'verify.subject': 'Your verification code: {code}',
  'verify.body':
    'Someone asked to send email as {address} from the "{inbox}" inbox in Switchboard.\n\nVerification code: {code}\n\nIt expires in {minutes, plural, one {# minute} other {# minutes}}. If this was not you, ignore this message.\n',

  'test.subject': 'Switchboard test email',
  'test.body':
    'Hello {name},\n\nThis is a test email from Switchboard. It left through the outgoing mail server {server}, so replies from your inboxes can leave the same way.\n',

  'reset.subject': 'Set your Switchboard password',
  'reset.body':
    'Hello {name},\n\nAn admin asked Switchboard to let you set a new password. Open this link within {hours, plural, one {# hour} other {# hours}}; it works once:\n\n{link}\n\nSetting the password signs you out everywhere and ends your API tokens. If you did not expect this, tell your admin.\n',

  'export.subject': 'Your Switchboard export is ready',
  'export.body':
    'Hello {name},\n\nThe export of everything in Switchboard that you started is ready. Download it within {days, plural, one {# day} other {# days}}; after that the link stops working and the file is deleted:\n\n{link}\n\nAnyone with this link can download the export, so keep it to yourself. You can also download it in Settings › Export.\n',

  'snippet.subject': '{sender} asks you to add a chat to the website',
  'snippet.body':
    'Hello,\n\n{sender} asks you to add the website chat "{channel}" to the website. Paste this code into the HTML of every page where the chat should show, just before the closing </body> tag:\n\n{snippet}\n\nThe chat button shows at the bottom right once the page is loaded again. Nothing else is needed.\n',
  'snippet.note': 'A note from {sender}:\n\n{note}\n',

  'notify.subject': '{count, plural, one {# new notification} other {# new notifications}} in Switchboard',
  'notify.intro':
    'Hello {name},\n\n{count, plural, one {This happened} other {These # things happened}} while you were away from Switchboard:',
  'notify.subjectLine': 'Subject: {subject}',
  'notify.noSubject': '(no subject)',
  'notify.contactLine': 'Contact: {contact}',
  'notify.open': 'Open it: {link}',
  'notify.footer':
    'You get this email because email is on for these notifications and you were not in the app. Choose which notifications are emailed to you, and how long they wait first:\n{link}',

  // Not mail, but written in the channel's language the same way: a ticket made from a conversation without subject or text.
  'ticket.defaultTitle': 'Support request',
};
