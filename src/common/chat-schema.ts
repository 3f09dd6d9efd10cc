/** The zod input schema of a chat channel's settings (the agent app and the server); the widget imports none of it. */
import { z } from 'zod';
import { AUDIENCES, TARGET_OPS } from './chat-contract.js';
import { chatLanguages } from './chat-texts.js';

export const TargetRuleInput = z.object({ op: z.enum(TARGET_OPS), value: z.string().trim().min(1).max(500) }).strict();

/** What an admin sets on a chat channel; every field optional (the rest keeps its value or default). */
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
    audience: z.enum(AUDIENCES),
    /** The 'property' audience's contact property and the value it must equal (compared without regard to case). */
    audienceProperty: z
      .object({ key: z.string().trim().min(1).max(100), value: z.string().trim().min(1).max(2000) })
      .strict()
      .nullable(),
    awayMessage: z.string().trim().max(500),
    /** Where the widget shows: any rule matching the page URL (OR); none: every page. Checked by the widget and the server. */
    targeting: z.array(TargetRuleInput).max(50),
    /** The widget's language: 'auto' follows the visitor's browser; a language also gives a new channel its default texts. */
    language: z.enum(['auto', ...chatLanguages]),
  })
  .partial()
  .strict();
export type ChatSettingsInput = z.infer<typeof ChatSettingsInput>;

/** "Send the code to a developer": the address and an optional note. */
export const ChatSnippetSend = z
  .object({
    email: z.string().trim().toLowerCase().email().max(320),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export type ChatSnippetSend = z.infer<typeof ChatSnippetSend>;
/** What sending the code answers: to whom, and whether it waits for an outgoing mail server. */
export interface ChatSnippetSentOut {
  to: string;
  held: boolean;
}
