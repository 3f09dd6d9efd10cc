/** English (the reference): refusals the API answers by reason (`common/refusals.ts`), shown when an action is refused. */
import type { RefusalReason } from '../../../common/refusals.js';

/** Every reason has its words: a reason without them is a type error. */
export const refusals = {
  'refusal.not_inbox_member': 'You can view this inbox but are not a member of it, so you cannot act here.',
  'refusal.admin_only': 'Only admins can change settings.',
  'refusal.super_admin_only': 'Only a super admin can grant or change the super admin role.',
  'refusal.ticket_inbox_member': 'You are not a member of the inbox of this ticket’s conversation.',
  'refusal.contact_private_conversations': 'This contact has conversations you cannot see; ask an admin.',
  'refusal.token_read_only': 'This API token is read-only.',
  'refusal.token_cannot_manage': 'Sign in to the app to manage API tokens and your password.',
  'refusal.own_account': 'You cannot do this to your own account.',
  'refusal.cross_site': 'This request came from another site and was refused.',
  'refusal.embed_refused': 'This site may not embed the chat.',
  'refusal.already_exists': 'That already exists.',
  'refusal.user_exists': 'A user with this email already exists.',
  'refusal.team_exists': 'A team with this name already exists.',
  'refusal.pipeline_exists': 'A pipeline with this name already exists.',
  'refusal.contact_email_taken': 'Another contact already has this email.',
  'refusal.address_taken': 'Another channel already uses this address.',
  'refusal.from_name_clash':
    '{address} is also sent from by the channel “{channel}” with another From name; an address has one From name: use the same setting there.',
  'refusal.trash_only_delete': 'Only conversations in Trash can be deleted forever.',
  'refusal.email_channel_only': 'Only email channels can be changed here.',
  'refusal.mailbox_only': 'Only a connected mailbox (IMAP) has server settings.',
  'refusal.api_channel_only': 'Customer messages can only be posted to API channel conversations.',
  'refusal.not_awaiting_delivery': 'This message is not waiting for delivery.',
  'refusal.inbox_limit': 'An account can have at most {max} inboxes.',
  'refusal.last_inbox': 'The last inbox cannot be deleted.',
  'refusal.contact_has_conversations': 'This contact has conversations or tickets: erase the contact instead (admins).',
  'refusal.messenger_window_closed':
    "Messenger allows no reply more than 7 days after the customer's last message. The conversation continues when they write again.",
} satisfies Record<`refusal.${RefusalReason}`, string>;
