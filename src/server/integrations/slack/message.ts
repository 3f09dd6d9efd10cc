/**
 * What an alert says in Slack (English, like the API's texts): the conversation's subject (a link
 * back into the app), who wrote, the inbox, who has it and its status; a change is one short line.
 * Pure: the caller looks up the names.
 */
import type { SlackMessage } from './web-api.js';

export interface ConversationView {
  subject: string | null;
  contactName: string | null;
  inboxName: string;
  assigneeName: string | null;
  teamName: string | null;
  status: 'open' | 'closed';
  link: string;
}

/** What one change did, as the event said it. */
export interface ChangeView {
  assigned: boolean;
  assigneeName: string | null;
  teamName: string | null;
  closed: boolean;
  reopened: boolean;
}

/** Slack's escaping of text (https://api.slack.com/reference/surfaces/formatting#escaping). */
export const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const subjectOf = (v: ConversationView) => v.subject?.trim() || '(no subject)';
const linked = (v: ConversationView) => `<${v.link}|${escapeSlack(subjectOf(v)).replace(/\|/g, '¦')}>`;
const holder = (assignee: string | null, team: string | null) =>
  assignee && team ? `${assignee} (${team})` : (assignee ?? (team ? `team ${team}` : 'nobody'));

/** The conversation's message: posted when it starts, updated as it moves. */
export function conversationMessage(v: ConversationView, isNew: boolean): SlackMessage {
  const from = v.contactName?.trim() || 'Someone';
  const heading = `${isNew ? 'New conversation' : 'Conversation'} in ${v.inboxName}: ${subjectOf(v)}`;
  return {
    text: escapeSlack(heading),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${linked(v)}*\n${escapeSlack(from)} · ${escapeSlack(v.inboxName)}` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Assigned to*\n${escapeSlack(holder(v.assigneeName, v.teamName))}` },
          { type: 'mrkdwn', text: `*Status*\n${v.status === 'closed' ? 'Closed' : 'Open'}` },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${v.link}|Open in Switchboard>` }] },
    ],
  };
}

/** A change in words: "Assigned to Anna (Billing)", "Closed", "Reopened" (several joined). */
export function changeLine(c: ChangeView): string {
  const parts: string[] = [];
  if (c.assigned) parts.push(c.assigneeName || c.teamName ? `Assigned to ${holder(c.assigneeName, c.teamName)}` : 'Unassigned');
  if (c.closed) parts.push('Closed');
  if (c.reopened) parts.push('Reopened');
  return parts.join(' · ') || 'Updated';
}

/** The reply threaded under the conversation's message (bot mode). */
export function threadReply(c: ChangeView): SlackMessage {
  return { text: escapeSlack(changeLine(c)) };
}

/** A change as a message of its own (incoming webhooks cannot update or thread): the line and a link. */
export function changeMessage(v: ConversationView, c: ChangeView): SlackMessage {
  return { text: `${escapeSlack(changeLine(c))}: ${linked(v)} (${escapeSlack(v.inboxName)})` };
}

/** "Send test message". */
export function testMessage(inboxName: string): SlackMessage {
  return { text: escapeSlack(`Switchboard is connected: new conversations in ${inboxName} will be posted here.`) };
}
