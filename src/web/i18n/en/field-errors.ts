/** English (the reference): field errors the API answers by code (`common/field-errors.ts`), written under the field. */
import type { FieldErrorCode } from '../../../common/field-errors.js';

/** Every code but `invalid` (whose English text the app shows as given) has its words: a code without them is a type error. */
export const fieldErrors = {
  'fieldError.required': 'is required',
  'fieldError.empty': 'must not be empty',
  'fieldError.too_short': 'must be at least {min, plural, one {# character} other {# characters}}',
  'fieldError.too_long': 'must be at most {max, plural, one {# character} other {# characters}}',
  'fieldError.too_few': 'must have at least {min, plural, one {# item} other {# items}}',
  'fieldError.too_many': 'must have at most {max, plural, one {# item} other {# items}}',
  'fieldError.too_small': 'must be at least {min}',
  'fieldError.too_big': 'must be at most {max}',
  'fieldError.invalid_email': 'must be an email address',
  'fieldError.invalid_choice': 'is not one of the choices',
  'fieldError.invalid_type': 'has the wrong type',
  'fieldError.too_deep': 'must not nest deeper than {max, plural, one {# level} other {# levels}}',
  'fieldError.unstorable': 'A value of the request cannot be stored',
  'fieldError.common_password': 'is one of the most common passwords: choose another',
  'fieldError.wrong_password': 'is not your current password',
  'fieldError.same_password': 'must differ from the current password',
  'fieldError.not_a_user': 'is not a user',
  'fieldError.unknown_user': 'contains an unknown user',
  'fieldError.unknown_team': 'contains an unknown team',
  'fieldError.not_a_contact': 'is not a contact',
  'fieldError.deactivated': 'is deactivated',
  'fieldError.name_mismatch': 'must be exactly the name of the inbox',
} satisfies Record<`fieldError.${Exclude<FieldErrorCode, 'invalid'>}`, string>;
