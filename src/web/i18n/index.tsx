/**
 * Translations: one catalogue per language (`en/`, `nl/`, `sv/`, each split by screen into files but one
 * object), one lookup (`useT()` in components, `makeT(locale)` elsewhere). English is the reference: Dutch and
 * Swedish must have every key and a call site may only name a key that exists (the type checks both).
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './en/index.js';
import { nl } from './nl/index.js';
import { sv } from './sv/index.js';
import { format, type Vars } from '../../common/icu.js';

import type { FieldError } from '../../common/field-errors.js';
import type { Refusal } from '../../common/refusals.js';

export type { MessageKey, Messages } from './en/index.js';
export type Locale = 'en' | 'nl' | 'sv';
export type Translate = (key: MessageKey, vars?: Vars) => string;

export const catalogs: Record<Locale, Messages> = { en, nl, sv };
export const localeNames: Record<Locale, string> = { en: 'English', nl: 'Nederlands', sv: 'Svenska' };

export function isLocale(v: unknown): v is Locale {
  return v === 'en' || v === 'nl' || v === 'sv';
}

export function makeT(locale: Locale): Translate {
  const cat = catalogs[locale];
  return (key, vars) => format(locale, cat[key] ?? en[key] ?? key, vars);
}

/** Whether `key` names a text (for keys built from what the server sends, such as an error class). */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
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
/** Intl formatters are costly to build (a thread of 1,000 drew 1,000 of them): one per language and style, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, style: 'time' | 'day' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${locale} ${style}`;
  let f = formatters.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      style === 'time'
        ? { hour: '2-digit', minute: '2-digit' }
        : style === 'day'
          ? { day: 'numeric', month: 'short' }
          : { dateStyle: 'medium', timeStyle: 'short' };
    f = new Intl.DateTimeFormat(locale, opts);
    formatters.set(key, f);
  }
  return f;
}

export function formatTime(iso: string, locale: Locale): string {
  const d = new Date(iso);
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return formatter(locale, sameDay ? 'time' : 'day').format(d);
}

export function formatDateTime(iso: string, locale: Locale): string {
  return formatter(locale, 'dateTime').format(new Date(iso));
}

/** A field error the API answered by code, in the user's language; a code without words (`invalid`) keeps the API's text. */
export function fieldErrorText(t: Translate, error: FieldError, english: string): string {
  return error.code === 'invalid' ? english : t(`fieldError.${error.code}`, error.params);
}

/**
 * A refusal that names no field (a 403, a 409, a 400 without fields), in the user's language: its reason's text,
 * else its status's generic words with the API's text as detail; other statuses keep the API's text.
 */
export function refusalText(t: Translate, status: number, refusal: Refusal | undefined, english: string): string {
  const key = refusal && `refusal.${refusal.reason}`;
  if (key && isMessageKey(key)) return t(key, refusal.params);
  const generic = status === 403 ? t('error.forbidden') : status === 409 ? t('error.conflict') : status === 400 ? t('error.invalid') : null;
  if (!generic) return english;
  // No reason (a proxy's answer, an older server): the status's words, with the API's own text as the detail.
  return english && english !== generic ? `${generic} (${english})` : generic;
}

/** A password refusal from the API, in the user's language when it is one the policy gives. */
export function passwordError(t: Translate, message: string | undefined): string | undefined {
  if (!message) return undefined;
  if (/at least \d+ characters/.test(message)) return t('password.short');
  if (/most common passwords/.test(message)) return t('password.common');
  if (/not your current password/.test(message)) return t('password.wrongCurrent');
  return message;
}

/** A connection failure's class as the server names it (`lastErrorKind`), in the reader's language. */
export function mailErrorKey(kind: string): MessageKey | null {
  const key = `mailSecurity.error.${kind}`;
  return isMessageKey(key) ? key : null;
}
