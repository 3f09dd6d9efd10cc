/** Answers about chatflows (the interface in `chatflow.ts` is checked against this). */
import { z } from 'zod';
import type * as C from '../chatflow.js';
import { ChatflowDefinition } from '../chatflow.js';
import { at, named, obj, same } from './shared.js';

export const ChatflowOut = named(
  'Chatflow',
  obj({
    id: z.string(),
    channelId: z.string(),
    name: z.string(),
    draft: ChatflowDefinition,
    problems: z.array(obj({ stepId: z.string().nullable(), field: z.string(), message: z.string() })),
    publishedVersion: z.number().int().nullable(),
    enabled: z.boolean(),
    webhookSecret: z.string(),
    createdAt: at,
    updatedAt: at,
  }),
);
same<C.ChatflowOut, z.output<typeof ChatflowOut>>(true);
