/** Dutch: an email channel's sending identity and To/Cc on messages. */
import type { identity as reference } from '../en/email-identity.js';

export const identity: Record<keyof typeof reference, string> = {
  'identity.summary': 'Afzendernaam, afzenderadres en handtekening',
  'identity.fromName': 'Afzendernaam',
  'identity.agentAndCompany': 'Naam van de medewerker en het bedrijf',
  'identity.companyOnly': 'Alleen de bedrijfsnaam',
  'identity.companyName': 'Bedrijfsnaam',
  'identity.mailLanguage': 'Taal van de e-mail (het “van” in de afzendernaam)',
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
  'identity.text': 'Platte tekst',
  'identity.html': 'Opgemaakt (HTML)',
  'identity.tokens': 'Tokens worden ingevuld voor de medewerker die de e-mail verstuurt; het voorbeeld toont ze ingevuld voor jou.',
  'identity.insertToken': 'Token invoegen',
  'identity.tokenFullName': 'Volledige naam van de medewerker',
  'identity.tokenFirstName': 'Voornaam van de medewerker',
  'identity.tokenLastName': 'Achternaam van de medewerker',
  'identity.editHtml': 'HTML bewerken',
  'identity.signatureHtml': 'Handtekening als HTML',
  'identity.sourceOnly':
    'Deze HTML bevat onderdelen die de editor niet kan tonen (zoals tabellen, lettertypen of stijlen): bewerk de HTML hier om ze te behouden.',
  'identity.formattingDropped':
    'De opmaak is verwijderd. Kies opnieuw “Opgemaakt (HTML)” voordat je de tekst wijzigt, dan krijg je de opmaak terug.',
  'identity.preview': 'Voorbeeld',
  'identity.previewFrom': 'Van: {from}',
  'recipients.to': 'Aan: {list}',
  'recipients.cc': 'Cc: {list}',
};
