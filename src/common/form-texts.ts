/** The words of a support form's hosted page and its new fields, in the form's language (the server renders the page). */
import type { FormRefusal } from './form-api.js';

export type FormLanguage = 'en' | 'nl' | 'sv';

export interface FormTexts {
  defaultLabels: { name: string; email: string; subject: string; message: string };
  confirmation: string;
  submit: string;
  sending: string;
  required: string;
  optional: string;
  chooseOne: string;
  badEmail: string;
  fileMax: string;
  fixErrors: string;
  failed: string;
  closed: string;
  refusals: Record<FormRefusal, string>;
}

const en: FormTexts = {
  defaultLabels: { name: 'Your name', email: 'Email address', subject: 'Subject', message: 'How can we help?' },
  confirmation: 'Thank you! We received your message and will answer by email.',
  submit: 'Send',
  sending: 'Sending…',
  required: 'This field is required.',
  optional: '(optional)',
  chooseOne: 'Choose…',
  badEmail: 'Enter an email address such as name@example.com.',
  fileMax: 'Up to {mb} MB.',
  fixErrors: 'Please correct the fields marked below.',
  failed: 'Your message could not be sent. Please try again.',
  closed: 'This form is not taking submissions at the moment.',
  refusals: {
    form_closed: 'This form is not taking submissions at the moment.',
    honeypot: 'Your message was not sent: it looked automated. Reload the page and try again.',
    token_missing: 'Your message was not sent: reload the page and try again.',
    token_invalid: 'Your message was not sent: reload the page and try again.',
    token_too_fresh: 'That was very fast. Wait a moment and send again.',
    token_expired: 'This page has been open too long. Reload it and send again.',
    rate_limited: 'Too many messages from this address. Please try again later.',
    busy: 'We are receiving too many messages right now. Please try again later.',
    file_too_large: 'A file is too large. Files can be up to {mb} MB.',
    invalid: 'Please correct the fields marked below.',
  },
};

const nl: FormTexts = {
  defaultLabels: { name: 'Je naam', email: 'E-mailadres', subject: 'Onderwerp', message: 'Waarmee kunnen we helpen?' },
  confirmation: 'Bedankt! We hebben je bericht ontvangen en antwoorden per e-mail.',
  submit: 'Versturen',
  sending: 'Bezig met versturen…',
  required: 'Dit veld is verplicht.',
  optional: '(optioneel)',
  chooseOne: 'Kies…',
  badEmail: 'Vul een e-mailadres in, zoals naam@voorbeeld.nl.',
  fileMax: 'Tot {mb} MB.',
  fixErrors: 'Verbeter de velden die hieronder zijn gemarkeerd.',
  failed: 'Je bericht kon niet worden verstuurd. Probeer het opnieuw.',
  closed: 'Dit formulier neemt op dit moment geen berichten aan.',
  refusals: {
    form_closed: 'Dit formulier neemt op dit moment geen berichten aan.',
    honeypot: 'Je bericht is niet verstuurd: het leek geautomatiseerd. Laad de pagina opnieuw en probeer het nog eens.',
    token_missing: 'Je bericht is niet verstuurd: laad de pagina opnieuw en probeer het nog eens.',
    token_invalid: 'Je bericht is niet verstuurd: laad de pagina opnieuw en probeer het nog eens.',
    token_too_fresh: 'Dat ging erg snel. Wacht even en verstuur opnieuw.',
    token_expired: 'Deze pagina staat te lang open. Laad hem opnieuw en verstuur nog eens.',
    rate_limited: 'Te veel berichten van dit adres. Probeer het later opnieuw.',
    busy: 'We ontvangen nu te veel berichten. Probeer het later opnieuw.',
    file_too_large: 'Een bestand is te groot. Bestanden mogen tot {mb} MB zijn.',
    invalid: 'Verbeter de velden die hieronder zijn gemarkeerd.',
  },
};

const sv: FormTexts = {
  defaultLabels: { name: 'Ditt namn', email: 'E-postadress', subject: 'Ämne', message: 'Hur kan vi hjälpa dig?' },
  confirmation: 'Tack! Vi har tagit emot ditt meddelande och svarar via e-post.',
  submit: 'Skicka',
  sending: 'Skickar…',
  required: 'Fältet är obligatoriskt.',
  optional: '(valfritt)',
  chooseOne: 'Välj…',
  badEmail: 'Ange en e-postadress, till exempel namn@exempel.se.',
  fileMax: 'Upp till {mb} MB.',
  fixErrors: 'Rätta fälten som är markerade nedan.',
  failed: 'Ditt meddelande kunde inte skickas. Försök igen.',
  closed: 'Formuläret tar inte emot meddelanden just nu.',
  refusals: {
    form_closed: 'Formuläret tar inte emot meddelanden just nu.',
    honeypot: 'Ditt meddelande skickades inte: det såg automatiskt ut. Ladda om sidan och försök igen.',
    token_missing: 'Ditt meddelande skickades inte: ladda om sidan och försök igen.',
    token_invalid: 'Ditt meddelande skickades inte: ladda om sidan och försök igen.',
    token_too_fresh: 'Det gick väldigt fort. Vänta ett ögonblick och skicka igen.',
    token_expired: 'Sidan har varit öppen för länge. Ladda om den och skicka igen.',
    rate_limited: 'För många meddelanden från den här adressen. Försök igen senare.',
    busy: 'Vi tar emot för många meddelanden just nu. Försök igen senare.',
    file_too_large: 'En fil är för stor. Filer får vara upp till {mb} MB.',
    invalid: 'Rätta fälten som är markerade nedan.',
  },
};

export const formTexts: Record<FormLanguage, FormTexts> = { en, nl, sv };
