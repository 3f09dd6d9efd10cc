/**
 * The business hours dialog's texts, from `i18n/{en,nl,sv}/business-hours.ts`. They load with the
 * Settings screen rather than in the app's first load (its JavaScript budget); Dutch and Swedish must
 * still have every key, and a call may only name a key that exists (the type checks both).
 */
import { format, type Vars } from '../../../common/icu.js';
import { useI18n, type Locale } from '../../i18n/index.js';
import { businessHours as en } from '../../i18n/en/business-hours.js';
import { businessHours as nl } from '../../i18n/nl/business-hours.js';
import { businessHours as sv } from '../../i18n/sv/business-hours.js';

export type HoursKey = keyof typeof en;
const catalogs: Record<Locale, Record<HoursKey, string>> = { en, nl, sv };

/** `t` for these texts in the reader's language, beside the app's own `t` and `locale`. */
export function useHoursT() {
  const i18n = useI18n();
  const cat = catalogs[i18n.locale];
  return { ...i18n, ht: (key: HoursKey, vars?: Vars) => format(i18n.locale, cat[key] ?? en[key], vars) };
}
