/** Answers about Slack alerts (the interfaces in `slack-api.ts` are checked against these). */
import { z } from 'zod';
import type * as S from '../slack-api.js';
import { slackModes, slackStates } from '../slack-api.js';
import { at, named, nullableString, obj, same } from './shared.js';

export const SlackConnectionOut = named(
  'SlackConnection',
  obj({
    inboxId: z.string(),
    connected: z.boolean(),
    mode: z.enum(slackModes).nullable(),
    channel: nullableString,
    hasToken: z.boolean(),
    webhookHost: nullableString,
    updatesMessages: z.boolean(),
    state: z.enum(slackStates).nullable(),
    lastError: nullableString,
    lastErrorAt: at.nullable(),
    lastSuccessAt: at.nullable(),
  }),
);
export const SlackTestOut = named(
  'SlackTest',
  obj({ ok: z.boolean(), error: nullableString, message: z.string(), connection: SlackConnectionOut }),
);

same<S.SlackConnectionOut, z.output<typeof SlackConnectionOut>>(true);
same<S.SlackTestOut, z.output<typeof SlackTestOut>>(true);
