/** Answers about you, users, teams, inboxes and access (the interfaces in `team-api.ts` and `access-api.ts` are checked against these). */
import { z } from 'zod';
import { roles } from '../api-fields.js';
import type * as A from '../access-api.js';
import type * as T from '../team-api.js';
import { at, named, nullableString, obj, same } from './shared.js';

export const UserOut = named(
  'User',
  obj({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    paidSeat: z.boolean(),
    availability: z.enum(['available', 'away']),
    avatarUrl: nullableString,
    meetingLink: nullableString,
    locale: z.string(),
    teamIds: z.array(z.string()),
    active: z.boolean(),
  }),
);
/** A new user; `initialPassword` when the server made one up (no email could be sent). */
export const CreatedUserOut = named('CreatedUser', UserOut.extend({ initialPassword: z.string().optional() }));
export const SessionOut = obj({ user: UserOut.nullable() });
export const TeamOut = named('Team', obj({ id: z.string(), name: z.string(), userIds: z.array(z.string()) }));
export const InboxOut = named(
  'Inbox',
  obj({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    fallbackAddress: z.string(),
    access: obj({ mode: z.enum(['everyone', 'specific']), userIds: z.array(z.string()), teamIds: z.array(z.string()) }),
    member: z.boolean(),
  }),
);
export const GettingStartedOut = obj({
  inboxId: z.string(),
  fallbackAddress: z.string(),
  empty: z.boolean(),
  steps: z.array(obj({ key: z.enum(['mailbox', 'chat', 'team']), done: z.boolean(), started: z.boolean() })),
});
export const ApiTokenOut = named(
  'ApiToken',
  obj({
    id: z.string(),
    name: z.string(),
    scope: z.enum(['read', 'write']),
    createdAt: at,
    expiresAt: at.nullable(),
    lastUsedAt: at.nullable(),
  }),
);
export const CreatedApiTokenOut = named('CreatedApiToken', ApiTokenOut.extend({ token: z.string() }));
export const PasswordResetOut = obj({ emailed: z.boolean(), link: nullableString, expiresAt: at });
/** Account-wide availability: minutes without the app open after which a user counts as away (null: off). */
export const AvailabilitySettingsOut = obj({ autoAwayMinutes: z.number().nullable() });

same<T.UserOut, z.output<typeof UserOut>>(true);
same<T.TeamOut, z.output<typeof TeamOut>>(true);
same<T.InboxOut, z.output<typeof InboxOut>>(true);
same<T.GettingStartedOut, z.output<typeof GettingStartedOut>>(true);
same<A.ApiTokenOut, z.output<typeof ApiTokenOut>>(true);
same<A.CreatedApiTokenOut, z.output<typeof CreatedApiTokenOut>>(true);
same<A.PasswordResetOut, z.output<typeof PasswordResetOut>>(true);
