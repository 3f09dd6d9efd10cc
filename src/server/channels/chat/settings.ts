import { z } from 'zod';
import { chatDefaults as publicDefaults, widgetConfigOf, type ChatPublicSettings } from '../../../common/chat-contract.js';
import { ChatSettingsInput } from '../../../common/chat-schema.js';
import { chatDefaultTexts } from '../../../common/chat-texts.js';

export { ChatSettingsInput };

/** A chat channel's stored settings: the shared contract plus the secret. */
export interface ChatSettings extends ChatPublicSettings {
  /** HMAC key for visitor tokens and identity hashes; never shown to agents. */
  secret: string;
}

export const chatDefaults: Omit<ChatSettings, 'secret'> = publicDefaults;

/** What the widget receives. */
export const publicConfig = widgetConfigOf;

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
