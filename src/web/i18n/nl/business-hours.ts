/** Dutch: de openingstijden van een inbox (Instellingen › Inboxen › Openingstijden); geladen met dat scherm. */
import type { businessHours as en } from '../en/business-hours.js';

export const businessHours: Record<keyof typeof en, string> = {
  'businessHours.button': 'Openingstijden',
  'businessHours.buttonNamed': 'Openingstijden: {name}',
  'businessHours.title': 'Openingstijden van {name}',
  'businessHours.intro': 'Rapporten tellen reactie- en oplostijden alleen binnen deze uren.',
  'businessHours.mode': 'Openingstijden',
  'businessHours.alwaysOpen': 'Altijd open',
  'businessHours.setHours': 'Tijden instellen',
  'businessHours.timeZone': 'Tijdzone',
  'businessHours.week': 'Weekrooster',
  'businessHours.opens': '{day} van',
  'businessHours.closes': '{day} tot',
  'businessHours.closed': 'Gesloten',
  'businessHours.addSpan': 'Uren toevoegen',
  'businessHours.addSpanNamed': '{day}: uren toevoegen',
  'businessHours.removeSpan': '{day}: deze uren verwijderen',
  'businessHours.midnightHint': 'Een sluitingstijd van middernacht (00:00) betekent het einde van de dag.',
  'businessHours.closesBeforeOpens': 'De sluitingstijd moet na de openingstijd liggen.',
  'businessHours.holidays': 'Feestdagen',
  'businessHours.holidaysHint': 'De hele dag gesloten; datums in de tijdzone van de inbox.',
  'businessHours.holidayN': 'Feestdag {n}',
  'businessHours.removeHoliday': 'Feestdag {n} verwijderen',
  'businessHours.remove': 'Verwijderen',
  'businessHours.addHoliday': 'Feestdag toevoegen',
  'businessHours.saved': 'Openingstijden van {name} opgeslagen.',
};
