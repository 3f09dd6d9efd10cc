/**
 * The Reports screen's texts (i18n/{en,nl,sv}/reports.ts), loaded with the screen rather than in the
 * app's first-load catalogue. `useReportT()` gives one lookup for both: a report key from here, any
 * other key from the app's catalogue, in the reader's language with the same ICU plurals.
 */
import { useMemo } from 'react';
import { format, type Vars } from '../../common/icu.js';
import { useI18n, type Locale, type MessageKey } from '../i18n/index.js';
import { reports as en } from '../i18n/en/reports.js';
import { reports as nl } from '../i18n/nl/reports.js';
import { reports as sv } from '../i18n/sv/reports.js';

export type ReportKey = keyof typeof en;
export type ReportT = (key: ReportKey | MessageKey, vars?: Vars) => string;

const catalogs: Record<Locale, Record<ReportKey, string>> = { en, nl, sv };
const isReportKey = (key: string): key is ReportKey => key in en;

export function useReportT(): { t: ReportT; locale: Locale } {
  const { t: appT, locale } = useI18n();
  return useMemo(() => {
    const cat = catalogs[locale];
    const t: ReportT = (key, vars) => (isReportKey(key) ? format(locale, cat[key] ?? en[key], vars) : appT(key, vars));
    return { t, locale };
  }, [appT, locale]);
}
