import { chatSnippetEmailJob } from './chat-snippet-email.js';
import { chatTranscriptJob } from './chat-transcript.js';
import type { JobDefinition } from './define.js';
import { deliverMessageJob } from './deliver-message.js';
import { deliverWebhookJob } from './deliver-webhook.js';
import { emailVerifyAddressJob } from './email-verify-address.js';
import { housekeepingJob } from './housekeeping.js';
import { notificationEmailJob } from './notification-email.js';
import { notificationEmailsJob } from './notification-emails.js';
import { passwordResetEmailJob } from './password-reset-email.js';
import { replayHeldJob } from './replay-held.js';
import { routeConversationJob } from './route-conversation.js';
import { slackPostJob } from './slack-post.js';
import { messengerFileJob } from './messenger-file.js';
import { messengerProfileJob } from './messenger-profile.js';
import { messengerMarkSeenJob } from './messenger-mark-seen.js';
import { messengerTypingJob } from './messenger-typing.js';
import { sendPushJob } from './send-push.js';
import { recountBusinessTimeJob } from './recount-business-time.js';
import { rollUpReportsJob } from './roll-up-reports.js';
import { retentionJob } from './retention.js';
import { exportArchiveJob } from './export-archive.js';
import { exportReadyEmailJob } from './export-ready-email.js';
import { importMailJob } from './import-mail.js';

/** Every job the worker runs, each in its own file in this folder. */
export const allJobs: JobDefinition<any>[] = [
  deliverMessageJob,
  routeConversationJob,
  chatTranscriptJob,
  chatSnippetEmailJob,
  replayHeldJob,
  emailVerifyAddressJob,
  passwordResetEmailJob,
  housekeepingJob,
  deliverWebhookJob,
  slackPostJob,
  notificationEmailsJob,
  notificationEmailJob,
  sendPushJob,
  messengerProfileJob,
  messengerFileJob,
  messengerMarkSeenJob,
  messengerTypingJob,
  recountBusinessTimeJob,
  rollUpReportsJob,
  retentionJob,
  exportArchiveJob,
  exportReadyEmailJob,
  importMailJob,
];
