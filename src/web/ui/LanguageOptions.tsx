/** One <option> per language of the app, each named in its own language: the sign-in page and the user menu offer the same list. */
import { localeNames, type Locale } from '../i18n/index.js';

export function LanguageOptions() {
  return (Object.keys(localeNames) as Locale[]).map((l) => (
    <option key={l} value={l}>
      {localeNames[l]}
    </option>
  ));
}
