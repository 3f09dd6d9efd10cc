/** Dutch (Nederlands), one object; each screen's strings live in their own file beside this one. */
import { access } from './access.js';
import { app } from './app.js';
import { chat } from './chat.js';
import { compose } from './compose.js';
import { contacts } from './contacts.js';
import { identity } from './email-identity.js';
import { mailSecurity } from './mail-security.js';
import { mailbox } from './mailbox.js';
import { fieldErrors } from './field-errors.js';
import { gettingStarted } from './getting-started.js';
import { refusals } from './refusals.js';
import { timeline } from './timeline.js';
import { outgoingMail } from './outgoing-mail.js';
import { searchIndex } from './search-index.js';
import { notifications } from './notifications.js';
import { webhooks } from './webhooks.js';
import { slack } from './slack.js';
import { forms } from './forms.js';
import { messenger } from './messenger.js';
import { chatflows } from './chatflows.js';
import { notificationPrefs } from './notification-prefs.js';
import { privacy } from './privacy.js';
import { exportTexts } from './export.js';
import { imports } from './imports.js';
import type { Messages } from '../en/index.js';

export const nl: Messages = {
  ...app,
  ...contacts,
  ...chat,
  ...compose,
  ...access,
  ...identity,
  ...mailSecurity,
  ...mailbox,
  ...timeline,
  ...fieldErrors,
  ...refusals,
  ...gettingStarted,
  ...outgoingMail,
  ...searchIndex,
  ...notifications,
  ...webhooks,
  ...slack,
  ...forms,
  ...messenger,
  ...chatflows,
  ...notificationPrefs,
  ...privacy,
  ...exportTexts,
  ...imports,
};
