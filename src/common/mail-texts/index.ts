/**
 * Texts the server writes for people in mail (and a ticket's default title), in the language of the channel they leave from or of the person
 * who reads them: one catalogue per language beside this file, formatted by the one ICU formatter
 * (`common/icu.ts`). In `common/` because the app shows one of them too (the From name example). English is the reference; a key another language lacks, or a call naming no key, is a type error.
 */
import { format, type Vars } from '../icu.js';
import type { Language } from '../languages.js';
import { en } from './en.js';
import { nl } from './nl.js';
import { sv } from './sv.js';

export { languages as mailLanguages, isLanguage as isMailLanguage, pickLanguage as mailLanguage } from '../languages.js';
export type MailLanguage = Language;
export type MailTextKey = keyof typeof en;
export type MailT = (key: MailTextKey, vars?: Vars) => string;

export const mailCatalogs: Record<MailLanguage, Record<MailTextKey, string>> = { en, nl, sv };

export function mailT(language: MailLanguage): MailT {
  const cat = mailCatalogs[language];
  return (key, vars) => format(language, cat[key], vars ?? {});
}
