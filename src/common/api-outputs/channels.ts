/** Answers about channels, mail settings and saved texts (the interfaces in `email-api.ts`, `settings-api.ts` and `saved-text-api.ts` are checked against these). */
import { z } from 'zod';
import { channelKinds } from '../api-fields.js';
import type * as E from '../email-api.js';
import type * as S from '../settings-api.js';
import { outgoingSecurities } from '../settings-api.js';
import type * as ST from '../saved-text-api.js';
import type { ChatSnippetSentOut } from '../chat-schema.js';
import { at, named, nullableString, obj, same } from './shared.js';

const EmailIdentityOut = obj({
  fromName: z.enum(['agent', 'company']),
  language: z.enum(['en', 'nl', 'sv']),
  companyName: z.string(),
  defaultCompanyName: z.string(),
  defaultAddress: z.string(),
  fromAddress: nullableString,
  verifiedAddresses: z.array(z.string()),
  pending: obj({ address: z.string(), expiresAt: at }).nullable(),
  signature: obj({ format: z.enum(['text', 'html']), body: z.string() }),
});
const EmailChannelState = obj({
  sending: z.enum(['smtp', 'relay', 'held', 'off']),
  notice: nullableString,
  heldIncoming: z.number(),
  imap: obj({
    state: z.string(),
    lastError: nullableString,
    lastErrorKind: nullableString.optional(),
    lastErrorAt: at.nullable(),
    lastUid: z.number(),
    uidValidity: nullableString,
  }).nullable(),
  heldReplay: obj({
    state: z.enum(['queued', 'running', 'failed']),
    done: z.number(),
    total: z.number(),
    error: nullableString,
  }).nullable(),
  identity: EmailIdentityOut.optional(),
});
export const ChannelOut = named(
  'Channel',
  obj({
    id: z.string(),
    inboxId: z.string(),
    kind: z.enum(channelKinds),
    name: z.string(),
    status: z.enum(['on', 'off']),
    address: nullableString,
    settings: z.record(z.string(), z.unknown()),
    email: EmailChannelState.optional(),
    messenger: obj({
      pageId: z.string(),
      webhookUrl: z.string(),
      state: z.enum(['connected', 'reconnect_needed']),
      lastError: nullableString,
    }).optional(),
  }),
);
/** A website chat channel: the snippet to paste, and (for admins) the identity secret and its snippet. */
export const ChatChannelOut = named(
  'ChatChannel',
  ChannelOut.extend({ installSnippet: z.string(), identitySecret: z.string().optional(), identifySnippet: z.string().optional() }),
);
export const AnyChannelOut = z.union([ChatChannelOut, ChannelOut]);
export const SignaturePreview = obj({ from: z.string(), text: z.string(), html: nullableString, signatureText: z.string() });
/** The install code mailed to a developer: `held` until an outgoing mail server is set. */
export const ChatSnippetSent = obj({ to: z.string(), held: z.boolean() });
/** A connection test's outcome: `errorKind` is the failure's class (`refused`, `tls`, `login`, `private` …). */
const probe = named('ConnectionProbe', obj({ ok: z.boolean(), error: nullableString, errorKind: nullableString }));
export const MailboxConnectionTest = obj({ imap: probe.nullable(), smtp: probe.nullable() });
export const OutgoingMailOut = named(
  'OutgoingMail',
  obj({
    source: z.enum(['settings', 'env', 'none']),
    settings: obj({
      host: z.string(),
      port: z.number(),
      security: z.enum(outgoingSecurities),
      user: z.string(),
      hasPassword: z.boolean(),
      fromAddress: nullableString,
    }).nullable(),
    env: obj({ host: z.string(), port: z.number() }).nullable(),
    heldJobs: z.number(),
    addresses: z.array(
      obj({ channelId: z.string(), inboxId: z.string(), inboxName: z.string(), address: z.string(), useForSending: z.boolean() }),
    ),
  }),
);
export const OutgoingMailTestOut = probe;
export const TemplateOut = named(
  'Template',
  obj({ id: z.string(), inboxId: nullableString, name: z.string(), subject: z.string(), body: z.string() }),
);
export const RenderedTemplate = obj({ subject: z.string(), html: z.string() });
export const SnippetOut = named('Snippet', obj({ id: z.string(), inboxId: nullableString, name: z.string(), body: z.string() }));

same<E.ChannelOut, z.output<typeof ChannelOut>>(true);
same<ChatSnippetSentOut, z.output<typeof ChatSnippetSent>>(true);
same<E.SignaturePreview, z.output<typeof SignaturePreview>>(true);
same<E.MailboxConnectionTest, z.output<typeof MailboxConnectionTest>>(true);
same<S.OutgoingMailOut, z.output<typeof OutgoingMailOut>>(true);
same<S.OutgoingMailTestOut, z.output<typeof OutgoingMailTestOut>>(true);
same<ST.TemplateOut, z.output<typeof TemplateOut>>(true);
same<ST.RenderedTemplate, z.output<typeof RenderedTemplate>>(true);
same<ST.SnippetOut, z.output<typeof SnippetOut>>(true);
