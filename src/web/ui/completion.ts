/** `@` mentions and `#` snippets in the editor: find the token at the caret and what it may become. */
import type { SnippetOut, UserOut } from '../../common/api.js';

export interface Token {
  trigger: '@' | '#';
  query: string;
  start: number;
  end: number;
}

export type Option = { kind: 'user'; user: UserOut } | { kind: 'snippet'; snippet: SnippetOut };

export function tokenAt(text: string, caret: number): Token | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)([@#])([^\s@#]{0,40})$/.exec(before);
  if (!m) return null;
  const query = m[3] ?? '';
  return { trigger: m[2] as '@' | '#', query, start: caret - query.length - 1, end: caret };
}

export function optionsFor(token: Token | null, users: UserOut[], snippets: SnippetOut[]): Option[] {
  if (!token) return [];
  const q = token.query.toLowerCase();
  if (token.trigger === '@') {
    return users
      .filter(
        (u) =>
          !q ||
          u.name
            .toLowerCase()
            .split(/\s+/)
            .some((p) => p.startsWith(q)) ||
          u.name.toLowerCase().startsWith(q) ||
          u.email.startsWith(q),
      )
      .slice(0, 8)
      .map((user) => ({ kind: 'user', user }));
  }
  return snippets
    .filter((s) => !q || s.name.toLowerCase().includes(q))
    .slice(0, 8)
    .map((snippet) => ({ kind: 'snippet', snippet }));
}

/** The text after choosing an option, and where the caret goes. */
export function apply(text: string, token: Token, opt: Option): { text: string; caret: number } {
  const insert = opt.kind === 'user' ? `@${opt.user.name} ` : opt.snippet.body;
  const next = text.slice(0, token.start) + insert + text.slice(token.end);
  return { text: next, caret: token.start + insert.length };
}

/** Users still mentioned in the final text. */
export function mentionedIds(text: string, users: UserOut[]): string[] {
  return users.filter((u) => text.includes(`@${u.name}`)).map((u) => u.id);
}

/** Arrow keys move through an open list and Enter or Tab chooses; true when the key was one of those. */
export function listKey(
  e: { key: string; preventDefault(): void },
  count: number,
  setActive: (f: (a: number) => number) => void,
  chooseActive: () => void,
): boolean {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : count - 1)) % count);
    return true;
  }
  if (e.key === 'Enter' || e.key === 'Tab') {
    e.preventDefault();
    chooseActive();
    return true;
  }
  return false;
}
