/** Swedish: en inkorgs öppettider (Inställningar › Inkorgar › Öppettider); laddas med den skärmen. */
import type { businessHours as en } from '../en/business-hours.js';

export const businessHours: Record<keyof typeof en, string> = {
  'businessHours.button': 'Öppettider',
  'businessHours.buttonNamed': 'Öppettider: {name}',
  'businessHours.title': 'Öppettider för {name}',
  'businessHours.intro': 'Rapporter räknar svars- och lösningstider bara inom de här tiderna.',
  'businessHours.mode': 'Öppettider',
  'businessHours.alwaysOpen': 'Alltid öppet',
  'businessHours.setHours': 'Ange tider',
  'businessHours.timeZone': 'Tidszon',
  'businessHours.week': 'Veckoschema',
  'businessHours.opens': '{day} från',
  'businessHours.closes': '{day} till',
  'businessHours.closed': 'Stängt',
  'businessHours.addSpan': 'Lägg till tider',
  'businessHours.addSpanNamed': '{day}: lägg till tider',
  'businessHours.removeSpan': '{day}: ta bort de här tiderna',
  'businessHours.midnightHint': 'En stängningstid vid midnatt (00:00) betyder slutet av dagen.',
  'businessHours.closesBeforeOpens': 'Stängningstiden måste vara efter öppningstiden.',
  'businessHours.holidays': 'Helgdagar',
  'businessHours.holidaysHint': 'Stängt hela dagen; datum i inkorgens tidszon.',
  'businessHours.holidayN': 'Helgdag {n}',
  'businessHours.removeHoliday': 'Ta bort helgdag {n}',
  'businessHours.remove': 'Ta bort',
  'businessHours.addHoliday': 'Lägg till helgdag',
  'businessHours.saved': 'Öppettider för {name} sparade.',
};
