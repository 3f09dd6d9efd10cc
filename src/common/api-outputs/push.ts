/** Answers about Web Push (the interfaces in `push-api.ts` are checked against these). */
import { z } from 'zod';
import type * as P from '../push-api.js';
import { at, named, obj, same } from './shared.js';

export const PushPublicKeyOut = named('PushPublicKey', obj({ publicKey: z.string() }));
export const PushSubscriptionOut = named(
  'PushSubscription',
  obj({ id: z.string(), label: z.string().nullable(), createdAt: at, lastSuccessAt: at.nullable() }),
);

same<P.PushPublicKeyOut, z.output<typeof PushPublicKeyOut>>(true);
same<P.PushSubscriptionOut, z.output<typeof PushSubscriptionOut>>(true);
