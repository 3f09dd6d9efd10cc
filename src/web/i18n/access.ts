/** Strings of the Security tab (password, API tokens), the admin's user access actions and the reset page; same locales as the core catalogue. */
import { useI18n } from './index.js';

const en = {
  'security.tab': 'Security',
  'security.password': 'Change your password',
  'security.passwordHint': 'Your other sessions and all your API tokens end when you change it.',
  'security.current': 'Current password',
  'security.new': 'New password',
  'security.newHint': 'At least 10 characters, and not one of the most common passwords.',
  'security.change': 'Change password',
  'security.changed': 'Password changed. Your other sessions and API tokens have ended.',
  'password.short': 'Use at least 10 characters.',
  'password.common': 'This is one of the most common passwords: choose another.',
  'password.wrongCurrent': 'This is not your current password.',
  'tokens.title': 'API tokens',
  'tokens.intro': 'Use a token as “Authorization: Bearer <token>”. A read-only token can only read (GET) and open the live stream.',
  'tokens.create': 'New token',
  'tokens.name': 'Name',
  'tokens.expiry': 'Expires',
  'tokens.never': 'Never',
  'tokens.days': 'In {count} days',
  'tokens.readOnly': 'Read-only',
  'tokens.scope': 'Access',
  'tokens.scopeRead': 'Read-only',
  'tokens.scopeWrite': 'Read and write',
  'tokens.created': 'Created',
  'tokens.lastUsed': 'Last used',
  'tokens.unused': 'Not used yet',
  'tokens.revoke': 'Revoke',
  'tokens.revokeOf': 'Revoke {name}',
  'tokens.revoked': 'Token {name} revoked.',
  'tokens.none': 'You have no API tokens.',
  'tokens.count_one': '{count} token',
  'tokens.count_other': '{count} tokens',
  'tokens.showOnce': 'Copy this token now: it is not shown again.',
  'tokens.copy': 'Copy',
  'tokens.copied': 'Copied',
  'tokens.done': 'Done',
  'access.column': 'Access',
  'access.deactivated': 'Deactivated',
  'access.deactivate': 'Deactivate',
  'access.deactivateOf': 'Deactivate {name}',
  'access.reactivate': 'Reactivate',
  'access.reactivateOf': 'Reactivate {name}',
  'access.deactivatedToast': '{name} is deactivated: signed out everywhere, no longer routed to.',
  'access.reactivatedToast': '{name} can log in again.',
  'access.reset': 'Reset password',
  'access.resetOf': 'Send {name} a password reset link',
  'access.resetEmailed': 'A reset link was emailed to {email}. It works once, for 24 hours.',
  'access.resetLinkTitle': 'Password reset link',
  'access.resetLinkText':
    'No outgoing mail server is set up (SMTP_RELAY_URL), so nothing was emailed. Pass this link on to {name} yourself: it works once, for 24 hours.',
  'reset.title': 'Set a new password',
  'reset.password': 'New password',
  'reset.save': 'Set password',
  'reset.done': 'Your password is set. You were signed out everywhere.',
  'reset.login': 'Log in',
  'reset.invalid': 'This link is invalid, used or expired. Ask an admin for a new one.',
};
export type AccessKey = keyof typeof en;

const nl: Record<AccessKey, string> = {
  'security.tab': 'Beveiliging',
  'security.password': 'Wachtwoord wijzigen',
  'security.passwordHint': 'Je andere sessies en al je API-tokens eindigen als je het wijzigt.',
  'security.current': 'Huidig wachtwoord',
  'security.new': 'Nieuw wachtwoord',
  'security.newHint': 'Minstens 10 tekens, en geen van de meest gebruikte wachtwoorden.',
  'security.change': 'Wachtwoord wijzigen',
  'security.changed': 'Wachtwoord gewijzigd. Je andere sessies en API-tokens zijn beëindigd.',
  'password.short': 'Gebruik minstens 10 tekens.',
  'password.common': 'Dit is een van de meest gebruikte wachtwoorden: kies een ander.',
  'password.wrongCurrent': 'Dit is niet je huidige wachtwoord.',
  'tokens.title': 'API-tokens',
  'tokens.intro':
    'Gebruik een token als “Authorization: Bearer <token>”. Een alleen-lezen token kan alleen lezen (GET) en de live stream openen.',
  'tokens.create': 'Nieuw token',
  'tokens.name': 'Naam',
  'tokens.expiry': 'Verloopt',
  'tokens.never': 'Nooit',
  'tokens.days': 'Over {count} dagen',
  'tokens.readOnly': 'Alleen lezen',
  'tokens.scope': 'Toegang',
  'tokens.scopeRead': 'Alleen lezen',
  'tokens.scopeWrite': 'Lezen en schrijven',
  'tokens.created': 'Aangemaakt',
  'tokens.lastUsed': 'Laatst gebruikt',
  'tokens.unused': 'Nog niet gebruikt',
  'tokens.revoke': 'Intrekken',
  'tokens.revokeOf': '{name} intrekken',
  'tokens.revoked': 'Token {name} ingetrokken.',
  'tokens.none': 'Je hebt geen API-tokens.',
  'tokens.count_one': '{count} token',
  'tokens.count_other': '{count} tokens',
  'tokens.showOnce': 'Kopieer dit token nu: het wordt niet opnieuw getoond.',
  'tokens.copy': 'Kopiëren',
  'tokens.copied': 'Gekopieerd',
  'tokens.done': 'Klaar',
  'access.column': 'Toegang',
  'access.deactivated': 'Gedeactiveerd',
  'access.deactivate': 'Deactiveren',
  'access.deactivateOf': '{name} deactiveren',
  'access.reactivate': 'Heractiveren',
  'access.reactivateOf': '{name} heractiveren',
  'access.deactivatedToast': '{name} is gedeactiveerd: overal afgemeld, krijgt geen gesprekken meer toegewezen.',
  'access.reactivatedToast': '{name} kan weer inloggen.',
  'access.reset': 'Wachtwoord resetten',
  'access.resetOf': 'Stuur {name} een link om het wachtwoord te resetten',
  'access.resetEmailed': 'Er is een resetlink gemaild naar {email}. Hij werkt één keer, 24 uur lang.',
  'access.resetLinkTitle': 'Link om het wachtwoord te resetten',
  'access.resetLinkText':
    'Er is geen uitgaande mailserver ingesteld (SMTP_RELAY_URL), dus er is niets gemaild. Geef deze link zelf door aan {name}: hij werkt één keer, 24 uur lang.',
  'reset.title': 'Nieuw wachtwoord instellen',
  'reset.password': 'Nieuw wachtwoord',
  'reset.save': 'Wachtwoord instellen',
  'reset.done': 'Je wachtwoord is ingesteld. Je bent overal afgemeld.',
  'reset.login': 'Inloggen',
  'reset.invalid': 'Deze link is ongeldig, al gebruikt of verlopen. Vraag een beheerder om een nieuwe.',
};

const sv: Record<AccessKey, string> = {
  'security.tab': 'Säkerhet',
  'security.password': 'Byt lösenord',
  'security.passwordHint': 'Dina andra sessioner och alla dina API-token upphör när du byter det.',
  'security.current': 'Nuvarande lösenord',
  'security.new': 'Nytt lösenord',
  'security.newHint': 'Minst 10 tecken, och inte ett av de vanligaste lösenorden.',
  'security.change': 'Byt lösenord',
  'security.changed': 'Lösenordet är bytt. Dina andra sessioner och API-token har upphört.',
  'password.short': 'Använd minst 10 tecken.',
  'password.common': 'Det här är ett av de vanligaste lösenorden: välj ett annat.',
  'password.wrongCurrent': 'Det här är inte ditt nuvarande lösenord.',
  'tokens.title': 'API-token',
  'tokens.intro': 'Använd en token som ”Authorization: Bearer <token>”. En skrivskyddad token kan bara läsa (GET) och öppna liveströmmen.',
  'tokens.create': 'Ny token',
  'tokens.name': 'Namn',
  'tokens.expiry': 'Upphör',
  'tokens.never': 'Aldrig',
  'tokens.days': 'Om {count} dagar',
  'tokens.readOnly': 'Skrivskyddad',
  'tokens.scope': 'Åtkomst',
  'tokens.scopeRead': 'Skrivskyddad',
  'tokens.scopeWrite': 'Läsa och skriva',
  'tokens.created': 'Skapad',
  'tokens.lastUsed': 'Senast använd',
  'tokens.unused': 'Inte använd än',
  'tokens.revoke': 'Återkalla',
  'tokens.revokeOf': 'Återkalla {name}',
  'tokens.revoked': 'Token {name} återkallad.',
  'tokens.none': 'Du har inga API-token.',
  'tokens.count_one': '{count} token',
  'tokens.count_other': '{count} token',
  'tokens.showOnce': 'Kopiera den här token nu: den visas inte igen.',
  'tokens.copy': 'Kopiera',
  'tokens.copied': 'Kopierad',
  'tokens.done': 'Klar',
  'access.column': 'Åtkomst',
  'access.deactivated': 'Inaktiverad',
  'access.deactivate': 'Inaktivera',
  'access.deactivateOf': 'Inaktivera {name}',
  'access.reactivate': 'Återaktivera',
  'access.reactivateOf': 'Återaktivera {name}',
  'access.deactivatedToast': '{name} är inaktiverad: utloggad överallt, tilldelas inga fler konversationer.',
  'access.reactivatedToast': '{name} kan logga in igen.',
  'access.reset': 'Återställ lösenord',
  'access.resetOf': 'Skicka {name} en länk för att återställa lösenordet',
  'access.resetEmailed': 'En återställningslänk har mejlats till {email}. Den fungerar en gång, i 24 timmar.',
  'access.resetLinkTitle': 'Länk för att återställa lösenordet',
  'access.resetLinkText':
    'Ingen server för utgående e-post är inställd (SMTP_RELAY_URL), så inget mejlades. Ge länken till {name} själv: den fungerar en gång, i 24 timmar.',
  'reset.title': 'Välj ett nytt lösenord',
  'reset.password': 'Nytt lösenord',
  'reset.save': 'Spara lösenord',
  'reset.done': 'Ditt lösenord är sparat. Du har loggats ut överallt.',
  'reset.login': 'Logga in',
  'reset.invalid': 'Länken är ogiltig, redan använd eller har gått ut. Be en administratör om en ny.',
};

const catalogs = { en, nl, sv } as const;
export type AccessT = (key: AccessKey, vars?: Record<string, string | number>) => string;

/** `t(key, vars)`; a key with `_one` / `_other` forms is chosen by `vars.count` with the locale's plural rules. */
export function useAccessT(): AccessT {
  const { locale } = useI18n();
  const cat: Record<AccessKey, string> = catalogs[locale] ?? en;
  return (key, vars) => {
    let s = cat[key] ?? en[key];
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}

/** The plural form of `base` (`tokens.count`) for `count`. */
export function usePluralKey(): (base: 'tokens.count', count: number) => AccessKey {
  const { locale } = useI18n();
  const rules = new Intl.PluralRules(locale);
  return (base, count) => (rules.select(count) === 'one' ? `${base}_one` : `${base}_other`);
}

/** A password refusal from the API, in the user's language when it is one the policy gives. */
export function passwordError(t: AccessT, message: string | undefined): string | undefined {
  if (!message) return undefined;
  if (/at least \d+ characters/.test(message)) return t('password.short');
  if (/most common passwords/.test(message)) return t('password.common');
  if (/not your current password/.test(message)) return t('password.wrongCurrent');
  return message;
}
