/** Dutch: privacy (de pagina van een contact: wissen, gegevens downloaden; Instellingen › Inboxen › Bewaartermijn). */
import type { privacy as en } from '../en/privacy.js';

export const privacy: Record<keyof typeof en, string> = {
  'privacy.title': 'Privacy',
  'privacy.exportJson': 'Hun gegevens downloaden (JSON)',
  'privacy.exportHtml': 'Hun gegevens downloaden (leesbare pagina)',
  'privacy.erase': 'Contact wissen',
  'privacy.eraseTitle': '{name} wissen?',
  'privacy.eraseText':
    'Hiermee verwijder je alles wat deze persoon schreef en alles wat over hen bewaard is: berichten, bestanden, gegevens, notities en hun woorden in de zoekfunctie. Hun gesprekken blijven, getoond als „gewist contact”. Dit kan niet ongedaan worden gemaakt.',
  'privacy.eraseWord': 'WISSEN',
  'privacy.eraseType': 'Typ {word} om te bevestigen',
  'privacy.eraseConfirm': 'Definitief wissen',
  'privacy.erased': 'Het contact is gewist.',
  'privacy.erasedMessage': 'Bericht gewist',
  'privacy.erasedContact': 'Gewist contact',
  'privacy.retention': 'Bewaartermijn',
  'privacy.retentionNamed': 'Bewaartermijn: {name}',
  'privacy.retentionTitle': 'Bewaartermijn voor {name}',
  'privacy.retentionText':
    'Verwijder gesprekken, met hun berichten en bestanden, zodra ze zoveel dagen gesloten zijn. Wordt elke nacht gecontroleerd.',
  'privacy.retentionKeep': 'Gesprekken altijd bewaren',
  'privacy.retentionDelete': 'Gesloten gesprekken verwijderen na',
  'privacy.retentionDays': 'Dagen',
  'privacy.retentionSaved': 'Bewaartermijn opgeslagen.',
};
