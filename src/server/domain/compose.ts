/** Compose (F-CONV.6): a new outbound email from an inbox, to a contact found by address or created. */
import type { ComposedOut, EmailAddress } from '../../common/api.js';
import { authorizeInbox, type Actor } from '../permissions/policy.js';
import { findOrCreateContact } from './contacts.js';
import { startEmailConversation } from './contact-email.js';
import { write, type Ctx } from './context.js';
import { getConversation } from './conversations.js';
import { invalid } from './errors.js';
import { emailBodyFor } from './messages.js';
import { heldReasonOf } from './outbox.js';

export interface ComposeInput {
  inboxId: string;
  to: EmailAddress;
  cc: EmailAddress[];
  subject: string;
  html: string;
  attachmentIds: string[];
}

/**
 * One transaction: contact, conversation (open, assigned to the sender), message, linked files,
 * outbox job. Bad input (empty body, a file that is not the sender's own upload) changes nothing.
 */
export async function composeEmail(ctx: Ctx, actor: Actor, input: ComposeInput): Promise<ComposedOut> {
  authorizeInbox(actor, input.inboxId, 'act');
  // Mail to ourselves would come straight back in as a new conversation.
  const to = input.to.email.toLowerCase();
  const ours =
    to.endsWith(`@${ctx.mailDomain.toLowerCase()}`) ||
    !!(await ctx.db.kysely.selectFrom('channels').select('id').where('address', '=', to).executeTakeFirst());
  if (ours) throw invalid('to.email', 'is an address of this Switchboard; write to the customer instead', 'our_address');
  const body = await emailBodyFor(input.html, input.attachmentIds);
  if (!body.text && !body.files.length) throw invalid('html', 'must not be empty', 'empty');
  const id = await write(ctx, async (w) => {
    const contact = await findOrCreateContact(w, { email: input.to.email, name: input.to.name || undefined });
    return startEmailConversation(ctx, w, actor, contact, {
      inboxId: input.inboxId,
      subject: input.subject,
      text: body.text,
      html: body.html,
      cc: input.cc,
      files: body.files,
      inline: body.inline,
    });
  });
  const m = await ctx.db.kysely
    .selectFrom('messages')
    .select(['delivery_state', 'delivery_error'])
    .where('conversation_id', '=', id)
    .where('kind', '=', 'reply')
    .executeTakeFirst();
  return { ...(await getConversation(ctx, actor, id)), deliveryHeld: m ? heldReasonOf(m) : null };
}
