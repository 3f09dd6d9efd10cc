/** Strings of an email channel's sending identity (From name, From address, signature) and of To/Cc on messages; same locales as the core catalogue. */
import { useI18n } from './index.js';

const en = {
  'identity.summary': 'From name, From address and signature',
  'identity.fromName': 'From name',
  'identity.agentAndCompany': 'Agent and company name',
  'identity.companyOnly': 'Company name only',
  'identity.companyName': 'Company name',
  'identity.example': 'Customers see: {from}',
  'identity.save': 'Save',
  'identity.saved': 'Sending identity saved',
  'identity.fromAddress': 'From address',
  'identity.default': 'Default: {address}',
  'identity.custom': 'Another address',
  'identity.customHint': 'We send a 6-digit code to it; the address is used once you enter the code.',
  'identity.sendCode': 'Send code',
  'identity.codeSent': 'A code was sent to {address}. It is valid for 30 minutes.',
  'identity.codeHeld':
    'The code for {address} is waiting: no outgoing mail server is set up (SMTP_RELAY_URL). It is sent once there is one.',
  'identity.code': 'Code from the email',
  'identity.verify': 'Verify',
  'identity.verified': 'Verified',
  'identity.signature': 'Signature',
  'identity.format': 'Format',
  'identity.text': 'Text',
  'identity.html': 'HTML',
  'identity.tokens': 'Tokens: {{full_name}}, {{first_name}}, {{last_name}} of the agent who sends the email.',
  'identity.preview': 'Preview',
  'identity.previewFrom': 'From: {from}',
  'recipients.to': 'To: {list}',
  'recipients.cc': 'Cc: {list}',
};
export type IdentityKey = keyof typeof en;

const nl: Record<IdentityKey, string> = {
  'identity.summary': 'Afzendernaam, afzenderadres en handtekening',
  'identity.fromName': 'Afzendernaam',
  'identity.agentAndCompany': 'Naam van de medewerker en het bedrijf',
  'identity.companyOnly': 'Alleen de bedrijfsnaam',
  'identity.companyName': 'Bedrijfsnaam',
  'identity.example': 'Klanten zien: {from}',
  'identity.save': 'Opslaan',
  'identity.saved': 'Afzender opgeslagen',
  'identity.fromAddress': 'Afzenderadres',
  'identity.default': 'Standaard: {address}',
  'identity.custom': 'Een ander adres',
  'identity.customHint': 'We sturen er een code van 6 cijfers naartoe; het adres wordt gebruikt zodra je de code invoert.',
  'identity.sendCode': 'Code versturen',
  'identity.codeSent': 'Er is een code verstuurd naar {address}. Die is 30 minuten geldig.',
  'identity.codeHeld':
    'De code voor {address} wacht: er is geen uitgaande mailserver ingesteld (SMTP_RELAY_URL). Hij wordt verstuurd zodra die er is.',
  'identity.code': 'Code uit de e-mail',
  'identity.verify': 'Bevestigen',
  'identity.verified': 'Bevestigd',
  'identity.signature': 'Handtekening',
  'identity.format': 'Opmaak',
  'identity.text': 'Tekst',
  'identity.html': 'HTML',
  'identity.tokens': 'Tokens: {{full_name}}, {{first_name}}, {{last_name}} van de medewerker die de e-mail verstuurt.',
  'identity.preview': 'Voorbeeld',
  'identity.previewFrom': 'Van: {from}',
  'recipients.to': 'Aan: {list}',
  'recipients.cc': 'Cc: {list}',
};

const sv: Record<IdentityKey, string> = {
  'identity.summary': 'Avsändarnamn, avsändaradress och signatur',
  'identity.fromName': 'Avsändarnamn',
  'identity.agentAndCompany': 'Agentens namn och företagsnamnet',
  'identity.companyOnly': 'Endast företagsnamnet',
  'identity.companyName': 'Företagsnamn',
  'identity.example': 'Kunderna ser: {from}',
  'identity.save': 'Spara',
  'identity.saved': 'Avsändaren har sparats',
  'identity.fromAddress': 'Avsändaradress',
  'identity.default': 'Standard: {address}',
  'identity.custom': 'En annan adress',
  'identity.customHint': 'Vi skickar en sexsiffrig kod dit; adressen används när du har angett koden.',
  'identity.sendCode': 'Skicka kod',
  'identity.codeSent': 'En kod har skickats till {address}. Den gäller i 30 minuter.',
  'identity.codeHeld':
    'Koden till {address} väntar: ingen utgående e-postserver är inställd (SMTP_RELAY_URL). Den skickas så snart det finns en.',
  'identity.code': 'Koden från mejlet',
  'identity.verify': 'Verifiera',
  'identity.verified': 'Verifierad',
  'identity.signature': 'Signatur',
  'identity.format': 'Format',
  'identity.text': 'Text',
  'identity.html': 'HTML',
  'identity.tokens': 'Variabler: {{full_name}}, {{first_name}}, {{last_name}} för agenten som skickar mejlet.',
  'identity.preview': 'Förhandsvisning',
  'identity.previewFrom': 'Från: {from}',
  'recipients.to': 'Till: {list}',
  'recipients.cc': 'Kopia: {list}',
};

const catalogs = { en, nl, sv } as const;
export type IdentityT = (key: IdentityKey, vars?: Record<string, string | number>) => string;

export function useIdentityT(): IdentityT {
  const { locale } = useI18n();
  const cat: Record<IdentityKey, string> = catalogs[locale] ?? en;
  return (key, vars) => {
    let s = cat[key] ?? en[key];
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}
