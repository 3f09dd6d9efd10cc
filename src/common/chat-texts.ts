/**
 * What a website chat says to visitors by default, in each language the widget speaks: the welcome and away
 * messages a new channel starts with (stored in English unless the channel chooses a language; the widget
 * shows the visitor's language while a channel keeps the untouched English default).
 */
export const chatLanguages = ['en', 'nl', 'sv'] as const;
export type ChatLanguage = (typeof chatLanguages)[number];

export const chatDefaultTexts: Record<ChatLanguage, { welcome: string; away: string }> = {
  en: { welcome: 'Hi! How can we help?', away: 'No one is available right now. Leave your email and we will answer there.' },
  nl: {
    welcome: 'Hallo! Waarmee kunnen we helpen?',
    away: 'Er is nu niemand beschikbaar. Laat je e-mailadres achter, dan antwoorden we daar.',
  },
  sv: { welcome: 'Hej! Hur kan vi hjälpa till?', away: 'Ingen är tillgänglig just nu. Lämna din e-postadress så svarar vi där.' },
};

/** The channel's chosen language, else the first of the visitor's browser languages the widget speaks, else English. */
export function chatLanguage(chosen: string | null | undefined, browser: readonly string[]): ChatLanguage {
  const known = (l: string | null | undefined): ChatLanguage | undefined => {
    const base = (l ?? '').toLowerCase().split('-')[0];
    return (chatLanguages as readonly string[]).includes(base) ? (base as ChatLanguage) : undefined;
  };
  return known(chosen) ?? browser.map(known).find(Boolean) ?? 'en';
}
