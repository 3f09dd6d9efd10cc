/** The languages the server and the app write in, and how a stated preference picks one. */
export const languages = ['en', 'nl', 'sv'] as const;
export type Language = (typeof languages)[number];

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (languages as readonly string[]).includes(v);
}

/** The first of `choices` written in ("auto", null or an unknown tag skipped; "nl-BE" counts as "nl"), else English. */
export function pickLanguage(...choices: (string | null | undefined)[]): Language {
  for (const c of choices) {
    const base = (c ?? '').toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
