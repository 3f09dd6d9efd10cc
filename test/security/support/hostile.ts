/**
 * Hostile values for the fuzz and frame tests, from a seeded generator so a failure can be
 * replayed: print the seed, run again with FUZZ_SEED=<seed>.
 */

/** mulberry32: small, fast, seeded. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fuzzSeed = (): number => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31));

export type Rand = () => number;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, n: number) => Math.floor(r() * n);

/** Nested arrays or objects `depth` levels deep, built without recursion. */
export function deep(depth: number, kind: 'array' | 'object' = 'array', leaf: unknown = 'x'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** Strings a database, a parser or a regular expression might choke on. */
export function hostileString(r: Rand): string {
  const base = pick(r, ['a', 'conversation', '00000000-0000-7000-8000-000000000000', 'x@example.com', '2026-01-01T00:00:00.000Z', '']);
  const at = int(r, base.length + 1);
  const insert = (s: string) => base.slice(0, at) + s + base.slice(at);
  switch (int(r, 14)) {
    case 0:
      return insert('\u0000');
    case 1:
      return '\u0000'.repeat(1 + int(r, 5));
    case 2:
      return insert(pick(r, ['\ud800', '\udfff', '\udc00\ud800', '\ud83d']));
    case 3:
      return 'x'.repeat(pick(r, [1_000, 70_000, 1_000_000]));
    case 4:
      return insert(pick(r, ["'; drop table users; --", '%_\\', '$1', '${x}', '{{x}}', '../../etc/passwd', '<script>alert(1)</script>']));
    case 5:
      return insert(pick(r, ['\u202e', '\ufeff', '\uffff', '\u{10ffff}', '\u0001\u0002\u001f', '\r\n\r\n', '\x7f']));
    case 6:
      return pick(r, ['NaN', 'Infinity', '-1', '1e308', '-0', '9007199254740993', '0x10', 'true', 'null', '[]', '{}']);
    case 7:
      return pick(r, ['9999-99-99', '2026-13-45T25:61:61Z', '0000-00-00', '+275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00Z']);
    case 8:
      return Buffer.from(
        JSON.stringify(
          pick(r, [
            { s: 1e308 },
            { s: -1 },
            { s: 1.5 },
            { t: '\u0000', id: 'x' },
            { t: 1, id: 2 },
            { t: 'x'.repeat(5000), id: 'y' },
            [],
            null,
          ]),
        ),
      ).toString('base64url');
    case 9:
      return pick(r, ['a\u0000b', '\u0000', '%00', 'a%00b']);
    case 10:
      return insert('\ud800\u0000\udfff');
    case 11:
      return base.repeat(1 + int(r, 200));
    case 12:
      return pick(r, ['é'.normalize('NFD'), 'ǅ', 'ß', 'İ', 'ﬃ', '𝔘𝔫𝔦']);
    default:
      return base;
  }
}

/** Any JSON-ish value, hostile or of the wrong type; deep nesting kept to a few thousand levels. */
export function hostileValue(r: Rand, depth = 0): unknown {
  switch (int(r, depth > 2 ? 9 : 12)) {
    case 0:
    case 1:
    case 2:
      return hostileString(r);
    case 3:
      return pick(r, [0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -(2 ** 63), 4294967296]);
    case 4:
      return pick(r, [true, false, null]);
    case 5:
      return deep(pick(r, [10, 500, 3000]), pick(r, ['array', 'object']), hostileString(r));
    case 6:
      return {};
    case 7:
      return [];
    case 8:
      return { ['k\u0000']: 'v', ['__proto__']: { polluted: true }, constructor: { prototype: { x: 1 } } };
    case 9:
      return Array.from({ length: pick(r, [2, 50, 10_000]) }, () => pick(r, ['a', 1, null]));
    case 10:
      return Object.fromEntries(Array.from({ length: 1 + int(r, 4) }, () => [hostileString(r).slice(0, 40), hostileValue(r, depth + 1)]));
    default:
      return Array.from({ length: 1 + int(r, 3) }, () => hostileValue(r, depth + 1));
  }
}

/** `template` with one to three fields (or nested fields) replaced by hostile values. */
export function mutate(r: Rand, template: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(template);
  const keys = Object.keys(out);
  for (let i = 0, n = 1 + int(r, 3); i < n; i++) {
    const k = keys.length && r() < 0.85 ? pick(r, keys) : hostileString(r).slice(0, 30);
    if (k === 'type' && r() < 0.7) continue;
    out[k] = hostileValue(r);
  }
  return out;
}
