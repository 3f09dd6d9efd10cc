import { z } from 'zod';
import { chatDefaultTexts, chatLanguages } from '../../../common/chat-texts.js';

/** What an admin sets on a chat channel; the widget receives the public part on connect. */
export const ChatSettingsInput = z
  .object({
    welcome: z.string().trim().max(500),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2f6fed'),
    /** Origins (scheme://host[:port]) allowed to embed the widget; empty: any. Checked on the server. */
    allowedOrigins: z
      .array(
        z
          .string()
          .trim()
          .url()
          .max(200)
          .transform((u) => new URL(u).origin),
      )
      .max(100),
    /** The host site passes `userId` and `hash` (see identifySnippet); unverified ids are refused. */
    identityVerification: z.boolean(),
    openByDefault: z.boolean(),
    /** Who sees the widget: everyone, anonymous visitors only, or known (identified) users only. */
    audience: z.enum(['everyone', 'anonymous', 'known']),
    awayMessage: z.string().trim().max(500),
    /** Where the widget shows: any rule matching the page URL (OR); none: every page. Checked by the widget. */
    targeting: z
      .array(z.object({ op: z.enum(['is', 'is_not', 'contains', 'starts_with']), value: z.string().trim().min(1).max(500) }).strict())
      .max(50),
    /** The widget's language: 'auto' follows the visitor's browser; a language also gives a new channel its default texts. */
    language: z.enum(['auto', ...chatLanguages]),
  })
  .partial()
  .strict();
export type ChatSettingsInput = z.infer<typeof ChatSettingsInput>;

export interface ChatSettings {
  welcome: string;
  color: string;
  allowedOrigins: string[];
  identityVerification: boolean;
  openByDefault: boolean;
  audience: 'everyone' | 'anonymous' | 'known';
  awayMessage: string;
  targeting: { op: 'is' | 'is_not' | 'contains' | 'starts_with'; value: string }[];
  language: 'auto' | (typeof chatLanguages)[number];
  /** HMAC key for visitor tokens and identity hashes; never shown to agents. */
  secret: string;
}

export const chatDefaults: Omit<ChatSettings, 'secret'> = {
  welcome: chatDefaultTexts.en.welcome,
  color: '#2f6fed',
  allowedOrigins: [],
  identityVerification: false,
  openByDefault: false,
  audience: 'everyone',
  awayMessage: chatDefaultTexts.en.away,
  targeting: [],
  language: 'auto',
};

/** What the widget receives. */
export const publicConfig = (name: string, s: ChatSettings) => ({
  name,
  welcome: s.welcome,
  color: s.color,
  openByDefault: s.openByDefault,
  targeting: s.targeting,
  audience: s.audience,
  language: s.language,
});

/** The settings a new channel starts with: the defaults, its welcome and away texts in its chosen language. */
export function newChatSettings(input: ChatSettingsInput): Omit<ChatSettings, 'secret'> {
  const texts = chatDefaultTexts[input.language && input.language !== 'auto' ? input.language : 'en'];
  return { ...chatDefaults, welcome: texts.welcome, awayMessage: texts.away, ...input };
}

export const ChatChannelCreate = z.object({
  kind: z.literal('chat'),
  name: z.string().trim().min(1).max(100),
  settings: ChatSettingsInput.default({}),
});

export function installSnippet(baseUrl: string, channelId: string): string {
  return `<script async src="${baseUrl}/widget.js" data-switchboard-channel="${channelId}"></script>`;
}

/**
 * How the host site identifies a signed-in user (shown to admins with the secret). The hash proves
 * the user id; an email counts as the user's only when the hash covers it too, otherwise agents see
 * it as not verified and it never joins the contact that has that address.
 */
export function identifySnippet(): string {
  return [
    '<script>',
    '  // hash, computed on your server with the identity secret (hex HMAC-SHA256):',
    '  //   HMAC(secret, userId + "\\n" + email)  verifies the user id and the email (email trimmed, lower case)',
    '  //   HMAC(secret, userId)               verifies the user id only; an email passed along stays unverified',
    '  // User ids must not contain a line break.',
    "  Switchboard('identify', { userId: 'USER_ID', email: 'EMAIL', name: 'NAME', hash: 'HASH' });",
    '</script>',
  ].join('\n');
}
