/** Swedish: integritet (en kontakts sida: radera, ladda ner deras uppgifter; Inställningar › Inkorgar › Lagringstid). */
import type { privacy as en } from '../en/privacy.js';

export const privacy: Record<keyof typeof en, string> = {
  'privacy.title': 'Integritet',
  'privacy.exportJson': 'Ladda ner deras uppgifter (JSON)',
  'privacy.exportHtml': 'Ladda ner deras uppgifter (läsbar sida)',
  'privacy.erase': 'Radera kontakt',
  'privacy.eraseTitle': 'Radera {name}?',
  'privacy.eraseText':
    'Detta tar bort allt som personen skrev och allt som sparats om dem: meddelanden, filer, uppgifter, anteckningar och deras ord i sökningen. Deras konversationer finns kvar, visade som ”raderad kontakt”. Det går inte att ångra.',
  'privacy.eraseWord': 'RADERA',
  'privacy.eraseType': 'Skriv {word} för att bekräfta',
  'privacy.eraseConfirm': 'Radera för gott',
  'privacy.erased': 'Kontakten raderades.',
  'privacy.erasedMessage': 'Meddelandet raderat',
  'privacy.erasedContact': 'Raderad kontakt',
  'privacy.retention': 'Lagringstid',
  'privacy.retentionNamed': 'Lagringstid: {name}',
  'privacy.retentionTitle': 'Lagringstid för {name}',
  'privacy.retentionText':
    'Radera konversationer, med deras meddelanden och filer, när de har varit stängda så här många dagar. Kontrolleras varje natt.',
  'privacy.retentionKeep': 'Behåll konversationer för alltid',
  'privacy.retentionDelete': 'Radera stängda konversationer efter',
  'privacy.retentionDays': 'Dagar',
  'privacy.retentionSaved': 'Lagringstid sparad.',
};
