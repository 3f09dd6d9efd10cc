/**
 * Field errors by code: a 400 answer's `fieldErrors` gives each field of `fields` a stable code with its
 * parameters (e.g. `{ code: 'too_long', params: { max: 100 } }`), so the app writes it in the reader's language;
 * `fields` and `message` stay English for API users. `invalid` is the code of a refusal the server words only in
 * English (a schema's own message, a rule of one screen): the app shows that text.
 */
export const fieldErrorCodes = [
  'invalid',
  'required',
  'empty',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'too_small',
  'too_big',
  'invalid_email',
  'invalid_choice',
  'invalid_type',
  'too_deep',
  'unstorable',
  'common_password',
  'wrong_password',
  'same_password',
  'not_a_user',
  'unknown_user',
  'unknown_team',
  'not_a_contact',
  'deactivated',
  'name_mismatch',
  'not_chat_channel',
  'not_chat_conversation',
  'private_host',
  'unknown_host',
  'address_unverified',
  'own_address',
  'no_code',
  'code_expired',
  'too_many_codes',
  'wrong_code',
  'bad_cursor',
  'not_in_future',
  'token_limit',
  'our_address',
  'no_email',
  'no_email_channel',
  'no_meeting_link',
  'same_contact',
  'not_inbox_member',
  'not_a_team',
  'no_inbox_access',
  'wrong_folder',
  'no_contact',
  'name_taken',
  'too_complex',
  'comment_only',
  'email_reply_only',
  'not_a_reply',
  'reactivate_first',
  'link_expired',
  'choose_someone',
  'not_a_stage',
  'not_a_pipeline',
  'no_file_storage',
  'not_a_file',
  'file_empty',
  'file_too_large',
] as const;
export type FieldErrorCode = (typeof fieldErrorCodes)[number];

export interface FieldError {
  code: FieldErrorCode;
  /** Numbers and names the text needs: `min`, `max`, `left`. */
  params?: Record<string, number | string>;
}
