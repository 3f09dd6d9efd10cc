/**
 * Refusals by reason: a 403 or 409 answer (and a 400 that names no field) carries a stable `reason` code with
 * its parameters (e.g. `{ error: 'conflict', reason: 'last_inbox', message: 'The last inbox cannot be deleted' }`),
 * so the app words it in the reader's language; `message` stays English for API users. Field refusals of a 400
 * carry their codes in `fieldErrors` instead (`field-errors.ts`).
 */
export const refusalReasons = [
  // 403: who may do what
  'not_inbox_member',
  'admin_only',
  'super_admin_only',
  'ticket_inbox_member',
  'contact_private_conversations',
  'token_read_only',
  'token_cannot_manage',
  'own_account',
  'cross_site',
  'embed_refused',
  // 409: the state of things
  'already_exists',
  'user_exists',
  'team_exists',
  'pipeline_exists',
  'contact_email_taken',
  'address_taken',
  'from_name_clash',
  'trash_only_delete',
  'email_channel_only',
  'mailbox_only',
  'api_channel_only',
  'not_awaiting_delivery',
  'inbox_limit',
  'last_inbox',
  'contact_has_conversations',
  'messenger_window_closed',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

/** The part of an error answer the app words: the reason and the numbers and names its text needs. */
export interface Refusal {
  reason: RefusalReason;
  params?: Record<string, number | string>;
}
