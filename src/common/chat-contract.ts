import { chatDefaultTexts, type ChatLanguage } from './chat-texts.js';

/**
 * The website chat contract shared by the server, the agent app's chat wizard and the widget:
 * the targeting rules and their matcher, who may see the widget, the public defaults, what the
 * widget receives on connect and the message shape it shows. Plain types and pure functions, no
 * zod, so the widget bundle stays small; the input schema lives in `chat-schema.ts`.
 */

export const TARGET_OPS = ['is', 'is_not', 'contains', 'starts_with'] as const;
export type TargetOp = (typeof TARGET_OPS)[number];
/** A page rule: the widget shows on pages where any rule matches (none: every page). */
export interface TargetRule {
  op: TargetOp;
  value: string;
}

export const AUDIENCES = ['everyone', 'anonymous', 'known', 'property'] as const;
/**
 * Who sees the widget: everyone, anonymous visitors only, known (identified) users only, or known
 * users whose contact has a property set to a value (`audienceProperty`, checked on the server only).
 */
export type Audience = (typeof AUDIENCES)[number];
/** What a widget is told of the audience: a property audience reaches it as 'known', never the property. */
export type WidgetAudience = Exclude<Audience, 'property'>;
/** The contact property (custom field) and the value it must equal, for the 'property' audience. */
export interface AudienceProperty {
  key: string;
  value: string;
}

/** What an admin sets on a chat channel, except the secret (which never leaves the server). */
export interface ChatPublicSettings {
  welcome: string;
  color: string;
  /** Origins (scheme://host[:port]) allowed to embed the widget; empty: any. */
  allowedOrigins: string[];
  identityVerification: boolean;
  openByDefault: boolean;
  audience: Audience;
  /** For the 'property' audience: the contact property and its value; never sent to widgets. */
  audienceProperty: AudienceProperty | null;
  awayMessage: string;
  targeting: TargetRule[];
  /** The widget's language: 'auto' follows the visitor's browser. */
  language: 'auto' | ChatLanguage;
}

export const chatDefaults: ChatPublicSettings = {
  welcome: chatDefaultTexts.en.welcome,
  color: '#2f6fed',
  allowedOrigins: [],
  identityVerification: false,
  openByDefault: false,
  audience: 'everyone',
  audienceProperty: null,
  awayMessage: chatDefaultTexts.en.away,
  targeting: [],
  language: 'auto',
};

/** What the widget receives on connect and when the channel changes. */
export interface ChatWidgetConfig {
  name: string;
  welcome: string;
  color: string;
  openByDefault: boolean;
  targeting: TargetRule[];
  audience: WidgetAudience;
  /** This (identified) visitor is outside the channel's audience: the server looked at their contact. */
  excluded?: true;
  language: 'auto' | ChatLanguage;
}

/** The config for one visitor: `excluded` when the server found them outside a property audience. */
export const widgetConfigOf = (name: string, s: ChatPublicSettings, excluded = false): ChatWidgetConfig => ({
  name,
  welcome: s.welcome,
  color: s.color,
  openByDefault: s.openByDefault,
  targeting: s.targeting,
  audience: s.audience === 'property' ? 'known' : s.audience,
  ...(excluded ? { excluded: true } : {}),
  language: s.language,
});

/** What the widget shows: only the visitor's own messages and the agents' replies. */
export interface VisitorMessage {
  id: string;
  clientId: string | null;
  from: 'visitor' | 'agent';
  text: string;
  author: string | null;
  /** The agent's avatar and meeting link, on agents' messages. */
  avatarUrl?: string | null;
  meetingLink?: string | null;
  /** A bot's question: answers the visitor can tap (sent as their message). */
  buttons?: string[];
  /** A bot's question that expects an email address, a phone number or a number typed: the keyboard and hint for it. */
  input?: InputHint;
  at: string;
}

export type InputHint = 'email' | 'phone' | 'number';

export const ruleMatches = (r: TargetRule, url: string): boolean =>
  r.op === 'is'
    ? url === r.value
    : r.op === 'is_not'
      ? url !== r.value
      : r.op === 'contains'
        ? url.includes(r.value)
        : url.startsWith(r.value);

/** Does the page match the targeting: any rule (OR), or no rules at all. */
export const pageTargeted = (rules: readonly TargetRule[], url: string | undefined): boolean =>
  !rules.length || (url !== undefined && rules.some((r) => ruleMatches(r, url)));

/** Is the visitor in the channel's audience (for 'property', as far as being identified goes; the server checks the property). */
export const inAudience = (audience: Audience, identified: boolean): boolean =>
  audience === 'everyone' || (audience === 'known' || audience === 'property') === identified;
