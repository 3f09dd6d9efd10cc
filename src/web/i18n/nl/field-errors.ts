/** Dutch: field errors the API answers by code, written under the field. */
import type { fieldErrors as reference } from '../en/field-errors.js';

export const fieldErrors: Record<keyof typeof reference, string> = {
  'fieldError.required': 'is verplicht',
  'fieldError.empty': 'mag niet leeg zijn',
  'fieldError.too_short': 'moet minstens {min, plural, one {# teken} other {# tekens}} lang zijn',
  'fieldError.too_long': 'mag hoogstens {max, plural, one {# teken} other {# tekens}} lang zijn',
  'fieldError.too_few': 'moet minstens {min, plural, one {# item} other {# items}} bevatten',
  'fieldError.too_many': 'mag hoogstens {max, plural, one {# item} other {# items}} bevatten',
  'fieldError.too_small': 'moet minstens {min} zijn',
  'fieldError.too_big': 'mag hoogstens {max} zijn',
  'fieldError.invalid_email': 'moet een e-mailadres zijn',
  'fieldError.invalid_choice': 'is geen van de keuzes',
  'fieldError.invalid_type': 'heeft het verkeerde type',
  'fieldError.too_deep': 'mag niet dieper dan {max, plural, one {# niveau} other {# niveaus}} genest zijn',
  'fieldError.unstorable': 'Een waarde van het verzoek kan niet worden opgeslagen',
  'fieldError.common_password': 'is een van de meest gebruikte wachtwoorden: kies een ander',
  'fieldError.wrong_password': 'is niet je huidige wachtwoord',
  'fieldError.same_password': 'moet verschillen van het huidige wachtwoord',
  'fieldError.not_a_user': 'is geen gebruiker',
  'fieldError.unknown_user': 'bevat een onbekende gebruiker',
  'fieldError.unknown_team': 'bevat een onbekend team',
  'fieldError.not_a_contact': 'is geen contact',
  'fieldError.deactivated': 'is gedeactiveerd',
  'fieldError.name_mismatch': 'moet precies de naam van de inbox zijn',
};
