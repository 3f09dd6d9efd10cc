/** Swedish: field errors the API answers by code, written under the field. */
import type { fieldErrors as reference } from '../en/field-errors.js';

export const fieldErrors: Record<keyof typeof reference, string> = {
  'fieldError.required': 'krävs',
  'fieldError.empty': 'får inte vara tom',
  'fieldError.too_short': 'måste vara minst {min, plural, one {# tecken} other {# tecken}}',
  'fieldError.too_long': 'får vara högst {max, plural, one {# tecken} other {# tecken}}',
  'fieldError.too_few': 'måste ha minst {min, plural, one {# post} other {# poster}}',
  'fieldError.too_many': 'får ha högst {max, plural, one {# post} other {# poster}}',
  'fieldError.too_small': 'måste vara minst {min}',
  'fieldError.too_big': 'får vara högst {max}',
  'fieldError.invalid_email': 'måste vara en e-postadress',
  'fieldError.invalid_choice': 'är inte ett av alternativen',
  'fieldError.invalid_type': 'har fel typ',
  'fieldError.too_deep': 'får inte vara nästlad djupare än {max, plural, one {# nivå} other {# nivåer}}',
  'fieldError.unstorable': 'Ett värde i begäran kan inte sparas',
  'fieldError.common_password': 'är ett av de vanligaste lösenorden: välj ett annat',
  'fieldError.wrong_password': 'är inte ditt nuvarande lösenord',
  'fieldError.same_password': 'måste skilja sig från det nuvarande lösenordet',
  'fieldError.not_a_user': 'är ingen användare',
  'fieldError.unknown_user': 'innehåller en okänd användare',
  'fieldError.unknown_team': 'innehåller ett okänt team',
  'fieldError.not_a_contact': 'är ingen kontakt',
  'fieldError.deactivated': 'är inaktiverad',
  'fieldError.name_mismatch': 'måste vara exakt inkorgens namn',
};
