/** Strings of the website chat settings and wizard (kept apart from the core catalogue; same locales). */
import { useI18n } from './index.js';
import { nl } from './chat-nl.js';
import { sv } from './chat-sv.js';

const en = {
  'chat.title': 'Website chat',
  'chat.new': 'New chat channel',
  'chat.edit': 'Edit',
  'chat.editLabel': 'Edit {name}',
  'chat.editTitle': 'Edit {name}',
  'chat.empty': 'No chat channel yet. Create one to put a chat on your website with one script tag.',
  'chat.name': 'Name',
  'chat.inbox': 'Inbox',
  'chat.trackingCode': 'Tracking code',
  'chat.trackingCodeOf': 'Tracking code of {name}',
  'chat.copy': 'Copy',
  'chat.copied': 'Tracking code copied',
  'chat.copyByHand': 'Select the code and copy it',
  'chat.published': 'Chat channel published',
  'chat.saved': 'Changes saved; open pages show them at once',
  'chat.steps': 'Steps',
  'chat.step.name': 'Name',
  'chat.step.audience': 'Audience',
  'chat.step.pages': 'Pages',
  'chat.step.welcome': 'Welcome',
  'chat.step.away': 'Away',
  'chat.step.routing': 'Routing',
  'chat.step.sites': 'Sites',
  'chat.step.review': 'Review',
  'chat.channelName': 'Channel name',
  'chat.colour': 'Colour',
  'chat.audience': 'Who sees the chat',
  'chat.audience.everyone': 'Everyone',
  'chat.audience.anonymous': 'Anonymous visitors only',
  'chat.audience.known': 'Known contacts only (identified by your site)',
  'chat.pages': 'Show on pages whose URL… (any rule; none: every page)',
  'chat.op.is': 'is',
  'chat.op.is_not': 'is not',
  'chat.op.contains': 'contains',
  'chat.op.starts_with': 'starts with',
  'chat.ruleCondition': 'Rule {n} condition',
  'chat.ruleValue': 'Rule {n} value',
  'chat.ruleRemove': 'Remove rule {n}',
  'chat.addRule': 'Add rule',
  'chat.welcome': 'Welcome message',
  'chat.openByDefault': "Open the chat on a visitor's first page view",
  'chat.away': 'When no one answers, ask for an email with',
  'chat.routing': 'New chats go to',
  'chat.routing.unassigned': 'Leave unassigned',
  'chat.routing.specific': 'Specific users and teams (round robin)',
  'chat.routing.contactOwner': "The contact's owner",
  'chat.team': 'Team {name}',
  'chat.sites': 'Sites allowed to embed the chat (one per line, e.g. https://www.example.com; empty: any)',
  'chat.review.pages': 'Pages',
  'chat.review.everyPage': 'every page',
  'chat.review.or': ' or ',
  'chat.review.rule': '{op} “{value}”',
  'chat.review.nobody': 'nobody chosen',
  'chat.review.sites': 'Sites',
  'chat.review.anySite': 'any',
  'chat.cancel': 'Cancel',
  'chat.back': 'Back',
  'chat.next': 'Next',
  'chat.publish': 'Publish',
  'chat.save': 'Save changes',
  'chat.preview': 'Preview',
  'chat.preview.placeholder': 'Write a message…',
  'chat.preview.desktop': 'Desktop',
  'chat.preview.mobile': 'Mobile',
  'chat.forget': 'Forget this visitor',
  'chat.forgetHint': "The visitor's browser loses access to this chat and starts over; the conversation stays here",
  'chat.forgotten': 'Visitor forgotten: their browser starts a new chat',
  'chat.secret': 'Identity secret',
  'chat.secretOf': 'Identity secret of {name}',
  'chat.secretShow': 'Show',
  'chat.secretHide': 'Hide',
  'chat.rotate': 'Rotate secret',
  'chat.rotateOf': 'Rotate the identity secret of {name}',
  'chat.rotateTitle': 'Rotate the identity secret of {name}?',
  'chat.rotateText':
    'Visitors already chatting start over as new visitors, and your site must sign user ids with the new secret. This cannot be undone.',
  'chat.rotated': 'New identity secret: update it on your site',
  'chat.identifyHelp':
    'To identify signed-in users, your server signs each user id with this secret. Sign the user id and email together to verify the email too; an email outside the hash is shown to agents as not verified and never joins an existing contact.',
} as const;

export type ChatKey = keyof typeof en;
const catalogs: Record<string, Record<ChatKey, string>> = { en, nl, sv };
export type ChatT = (key: ChatKey, vars?: Record<string, string | number>) => string;

export function useChatT(): ChatT {
  const { locale } = useI18n();
  const cat = catalogs[locale] ?? en;
  return (key, vars) => {
    let s: string = cat[key] ?? en[key];
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}
