/**
 * Texts the server writes for people in mail (and a ticket's default title), in the language of the channel they leave from or of the person
 * who reads them: one catalogue per language beside this file, formatted by the one ICU formatter
 * (`common/icu.ts`). In `common/` because the app shows one of them too (the From name example). English is the reference; a key another language lacks, or a call naming no key, is a type error.
 */
import { format, type Vars } from '../icu.js';
import { en } from './en.js';
import { nl } from './nl.js';
import { sv } from './sv.js';

export const mailLanguages = ['en', 'nl', 'sv'] as const;
export type MailLanguage = (typeof mailLanguages)[number];
export type MailTextKey = keyof typeof en;
export type MailT = (key: MailTextKey, vars?: Vars) => string;

export const mailCatalogs: Record<MailLanguage, Record<MailTextKey, string>> = { en, nl, sv };

export function isMailLanguage(v: unknown): v is MailLanguage {
  return typeof v === 'string' && (mailLanguages as readonly string[]).includes(v);
}

/** The first of `choices` the server writes in ("auto", null or an unknown tag skipped; "nl-BE" counts as "nl"), else English. */
export function mailLanguage(...choices: (string | null | undefined)[]): MailLanguage {
  for (const c of choices) {
    const base = (c ?? '').toLowerCase().split('-')[0];
    if (isMailLanguage(base)) return base;
  }
  return 'en';
}

export function mailT(language: MailLanguage): MailT {
  const cat = mailCatalogs[language];
  return (key, vars) => format(language, cat[key], vars ?? {});
}
