/**
 * The one ICU formatter (the app's lookup and the server's texts both use it): a catalogue text with its `{name}` placeholders filled in and ICU-style plurals chosen by
 * `Intl.PluralRules`, e.g. `{count, plural, one {# user} other {# users}}` (`#` is the number; `=0 {…}` picks
 * an exact number first). ICU syntax rather than `_one`/`_other` keys: one key per text, and one text can hold
 * two counts ("1 user, 2 teams") with the word order each language needs. A `{name}` without a value stays as
 * written, so literal `{{full_name}}` tokens pass through.
 */
export type Vars = Record<string, string | number>;

const rulesByLocale = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/** The index just past the `}` that closes the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The branches of a plural's body (`one {…} other {…}`) by selector. */
function branches(body: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*(=?\w+)\s*\{/y;
  let at = 0;
  for (;;) {
    re.lastIndex = at;
    const m = re.exec(body);
    if (!m) return out;
    const open = re.lastIndex - 1;
    const end = closing(body, open);
    if (end < 0) return out;
    out.set(m[1], body.slice(open + 1, end - 1));
    at = end;
  }
}

function plural(locale: string, body: string, value: number, vars: Vars): string {
  const forms = branches(body);
  const chosen = forms.get(`=${value}`) ?? forms.get(pluralRules(locale).select(value)) ?? forms.get('other') ?? '';
  const n = new Intl.NumberFormat(locale).format(value);
  return format(locale, chosen.replace(/#/g, n), vars);
}

export function format(locale: string, text: string, vars?: Vars): string {
  if (!vars || !text.includes('{')) return text;
  let out = '';
  let at = 0;
  const re = /\{(\w+)(?:\s*,\s*plural\s*,)?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1];
    if (!(name in vars)) continue;
    const end = closing(text, m.index);
    if (end < 0) break;
    const isPlural = m[0].includes('plural');
    if (!isPlural && text[m.index + m[0].length] !== '}') continue;
    out += text.slice(at, m.index);
    out += isPlural ? plural(locale, text.slice(m.index + m[0].length, end - 1), Number(vars[name]), vars) : String(vars[name]);
    at = end;
    re.lastIndex = end;
  }
  return out + text.slice(at);
}
