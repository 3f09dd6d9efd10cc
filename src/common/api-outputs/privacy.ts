/** Privacy's answers: an inbox's retention (the interface in `retention-api.ts` is checked against this), a contact's data export. */
import { z } from 'zod';
import type * as R from '../retention-api.js';
import { ContactOut } from './conversations.js';
import { at, named, nullableString, obj, same } from './shared.js';

export const RetentionOut = named('InboxRetention', obj({ days: z.number().int().nullable() }));

same<R.RetentionOut, z.output<typeof RetentionOut>>(true);

/** A contact's data export as JSON (`GET /api/v1/contacts/:id/export?format=json`), written as it is read. */
export const ContactExport = named(
  'ContactExport',
  obj({
    exportedAt: at,
    contact: ContactOut,
    activities: z.array(obj({ kind: z.string(), body: z.string(), dueAt: at.nullable(), done: z.boolean(), createdAt: at })),
    deals: z.array(obj({ name: z.string(), amountCents: z.number(), stage: z.string(), createdAt: at })),
    tickets: z.array(obj({ title: z.string(), stage: z.string(), createdAt: at })),
    conversations: z.array(
      obj({
        id: z.string(),
        inbox: z.string(),
        channel: z.string(),
        subject: nullableString,
        status: z.string(),
        createdAt: at,
        messages: z.array(
          obj({
            id: z.string(),
            kind: z.enum(['incoming', 'reply']),
            at,
            from: nullableString,
            text: z.string(),
            html: nullableString,
            attachments: z.array(obj({ filename: z.string(), contentType: z.string(), size: z.number() })),
          }),
        ),
      }),
    ),
  }),
);
