/** Translations: English is the reference; Dutch and Swedish must have every key (the type checks it). */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, type Messages } from './en.js';
import { nl } from './nl.js';
import { sv } from './sv.js';

export type Locale = 'en' | 'nl' | 'sv';
export type MessageKey = keyof Messages;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const catalogs: Record<Locale, Messages> = { en, nl, sv };
export const localeNames: Record<Locale, string> = { en: 'English', nl: 'Nederlands', sv: 'Svenska' };

export function isLocale(v: unknown): v is Locale {
  return v === 'en' || v === 'nl' || v === 'sv';
}

export function makeT(locale: Locale): Translate {
  const cat = catalogs[locale];
  return (key, vars) => {
    let s: string = cat[key] ?? en[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}

interface I18n {
  locale: Locale;
  t: Translate;
}
const I18nContext = createContext<I18n>({ locale: 'en', t: makeT('en') });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: makeT(locale) }), [locale]);
  document.documentElement.lang = locale;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
export const useT = () => useContext(I18nContext).t;

/** Short time for lists: time today, date otherwise. */
export function formatTime(iso: string, locale: Locale): string {
  const d = new Date(iso);
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(locale, sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' }).format(d);
}

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
