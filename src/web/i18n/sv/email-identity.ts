/** Swedish: an email channel's sending identity and To/Cc on messages. */
import type { identity as reference } from '../en/email-identity.js';

export const identity: Record<keyof typeof reference, string> = {
  'identity.summary': 'Avsändarnamn, avsändaradress och signatur',
  'identity.fromName': 'Avsändarnamn',
  'identity.agentAndCompany': 'Agentens namn och företagsnamnet',
  'identity.companyOnly': 'Endast företagsnamnet',
  'identity.companyName': 'Företagsnamn',
  'identity.mailLanguage': 'E-postens språk (”från” i avsändarnamnet)',
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
