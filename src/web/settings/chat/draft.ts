/** The wizard's draft of a chat channel: blank for a new one, read from an existing one, and what is sent. */
import type { ChannelOut } from '../../../common/api.js';
import { chatDefaults, type Audience, type AudienceProperty, type TargetRule } from '../../../common/chat-contract.js';

export type Chat = ChannelOut & { installSnippet: string };
export type Rule = TargetRule;
export type RoutingMode = 'unassigned' | 'specific' | 'contact_owner';
export interface Draft {
  inboxId: string;
  name: string;
  audience: Audience;
  /** The 'property' audience: the contact property and the value it must equal. */
  propertyKey: string;
  propertyValue: string;
  targeting: Rule[];
  welcome: string;
  openByDefault: boolean;
  awayMessage: string;
  color: string;
  allowedOrigins: string;
  routing: RoutingMode;
  userIds: string[];
  teamIds: string[];
}

export const blankDraft = (inboxId: string): Draft => ({
  inboxId,
  name: 'Website chat',
  audience: chatDefaults.audience,
  propertyKey: '',
  propertyValue: '',
  targeting: [],
  welcome: chatDefaults.welcome,
  openByDefault: chatDefaults.openByDefault,
  awayMessage: chatDefaults.awayMessage,
  color: chatDefaults.color,
  allowedOrigins: chatDefaults.allowedOrigins.join('\n'),
  routing: 'unassigned',
  userIds: [],
  teamIds: [],
});

interface Stored {
  audience?: Draft['audience'];
  audienceProperty?: AudienceProperty | null;
  targeting?: Rule[];
  welcome?: string;
  openByDefault?: boolean;
  awayMessage?: string;
  color?: string;
  allowedOrigins?: string[];
  routing?: { mode?: RoutingMode; userIds?: string[]; teamIds?: string[] };
}

/** An existing channel as a draft: what the admin set before, defaults where nothing was. */
export function draftOf(c: Chat): Draft {
  const s = c.settings as Stored;
  const b = blankDraft(c.inboxId);
  return {
    inboxId: c.inboxId,
    name: c.name,
    audience: s.audience ?? b.audience,
    propertyKey: s.audienceProperty?.key ?? '',
    propertyValue: s.audienceProperty?.value ?? '',
    targeting: (s.targeting ?? []).map((r) => ({ ...r })),
    welcome: s.welcome ?? b.welcome,
    openByDefault: s.openByDefault ?? b.openByDefault,
    awayMessage: s.awayMessage ?? b.awayMessage,
    color: s.color ?? b.color,
    allowedOrigins: (s.allowedOrigins ?? []).join('\n'),
    routing: s.routing?.mode ?? 'unassigned',
    userIds: s.routing?.userIds ?? [],
    teamIds: s.routing?.teamIds ?? [],
  };
}

export const settingsOf = (d: Draft) => ({
  audience: d.audience,
  audienceProperty: d.audience === 'property' ? { key: d.propertyKey.trim(), value: d.propertyValue.trim() } : null,
  targeting: d.targeting.filter((r) => r.value.trim()),
  welcome: d.welcome,
  openByDefault: d.openByDefault,
  awayMessage: d.awayMessage,
  color: d.color,
  allowedOrigins: d.allowedOrigins.split(/[\s,]+/).filter(Boolean),
});

export const routingOf = (d: Draft) => ({
  mode: d.routing,
  userIds: d.routing === 'specific' ? d.userIds : [],
  teamIds: d.routing === 'specific' ? d.teamIds : [],
  availableOnly: true,
  reassignWhenAway: false,
});

/** Did the routing step change anything (an untouched routing is left as it is, with its other options)? */
export const routingChanged = (d: Draft, was: Draft) =>
  d.routing !== was.routing ||
  (d.routing === 'specific' && (String(d.userIds) !== String(was.userIds) || String(d.teamIds) !== String(was.teamIds)));

/** The 'property' audience needs a property and a value before the wizard goes on. */
export const audienceComplete = (d: Draft) => d.audience !== 'property' || Boolean(d.propertyKey.trim() && d.propertyValue.trim());
