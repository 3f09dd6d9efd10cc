/** Deterministic building blocks for the benchmark data: a PRNG, UUIDv7 at a given time, a Zipf vocabulary. */

/** xorshift128+-style 32-bit generator (sfc32): fast, deterministic, good enough for data. */
export function rng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

const HEX = '0123456789abcdef';
function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[(r() * 16) | 0];
  return s;
}

/** A UUIDv7 (the app's id format) whose timestamp is `ms`: rows made "at" that time sort like the app's. */
export function uuid7At(ms: number, r: () => number): string {
  const h = Math.floor(ms).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${hex(r, 3)}-${HEX[8 + ((r() * 4) | 0)]}${hex(r, 3)}-${hex(r, 12)}`;
}

/** Words customers and agents use, roughly by frequency; the tail is made of invented words. */
const COMMON = `the to i you and a my is it for of in this that we on your have can be with not please
thanks hi hello but me our are at was do if will as so an order account help just get would from
there when what no know any update us they or all need one been could also team again time new
issue problem email it's working still now invoice payment back see here up like support out day
about customer which how today password service let more some by than then app make sure check
refund week use login billing subscription plan price error page phone into first last link able
received sent number data information send business month yes only last other after access free
seems card charge charged reset tried set message file report screen fixed fix product delivery
address shipping box package change changes change name user users settings mobile browser
trouble problem thank great kind regards best morning afternoon evening looking forward soon
asap urgent missing wrong broken slow fast quick question questions answer request requested
invoices invoiced receipt tax vat company manager admin seat seats upgrade downgrade cancel
cancellation trial demo call meeting schedule tuesday friday monday weekend holiday office
export import csv pdf download upload attachment screenshot log logs sync integration api key
token webhook crm chrome firefox safari android iphone windows mac version release feature bug`
  .split(/\s+/)
  .filter(Boolean);

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ran',
  'te',
  'sul',
  'vo',
  'dri',
  'pen',
  'zo',
  'qua',
  'mel',
  'tor',
  'bis',
  'an',
  'ex',
  'ul',
  'fy',
  'gor',
  'nim',
  'pla',
  'sek',
  'tu',
  'wen',
  'hal',
  'bre',
  'cos',
  'dun',
];

/** The word that occurs in exactly RARE_CONVERSATIONS conversations (never produced by the vocabulary). */
export const RARE_WORD = 'zyxquartzite';
export const RARE_CONVERSATIONS = 20;
export const COMMON_WORD = 'invoice';
export const VERY_COMMON_WORD = 'the';

export interface Vocabulary {
  words: string[];
  /** Picks a word index with Zipf-like probability from a uniform [0,1). */
  pick(u: number): string;
}

/** ~20,000 words, Zipf exponent ~1.05: a handful of words are everywhere, most are rare. */
export function vocabulary(size = 20_000, s = 1.05): Vocabulary {
  const seen = new Set<string>();
  const words: string[] = [];
  const add = (w: string) => {
    seen.add(w);
    words.push(w);
  };
  for (const w of COMMON) if (!seen.has(w)) add(w);
  const r = rng(7);
  while (words.length < size) {
    const n = 2 + ((r() * 3) | 0);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[(r() * SYLLABLES.length) | 0];
    if (!seen.has(w) && !w.startsWith('zyx')) add(w);
  }
  // A quantised inverse CDF: one table lookup per word.
  const TABLE = 1 << 20;
  const table = new Uint16Array(TABLE);
  let total = 0;
  for (let k = 1; k <= size; k++) total += 1 / k ** s;
  let acc = 0;
  let idx = 0;
  for (let k = 0; k < size; k++) {
    acc += 1 / (k + 1) ** s / total;
    const end = Math.min(TABLE, Math.round(acc * TABLE));
    while (idx < end) table[idx++] = k;
  }
  while (idx < TABLE) table[idx++] = size - 1;
  return { words, pick: (u) => words[table[(u * TABLE) | 0]!]! };
}

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Noah',
  'Emma',
  'Sofia',
  'Lucas',
  'Mia',
  'Elias',
  'Saga',
  'Daan',
  'Sanne',
  'Jonas',
  'Freja',
  'Milan',
  'Isla',
  'Omar',
  'Yara',
  'Kenji',
  'Priya',
  'Mateo',
  'Zoë',
  'Chloé',
  'José',
  'Søren',
  'Ana',
  'Björn',
  'Aisha',
  'Wei',
  'Lena',
  'Tomás',
];
export const LAST_NAMES = [
  'Jansen',
  'Andersson',
  'Smith',
  'de Vries',
  'Nilsson',
  'García',
  'Bakker',
  'Larsson',
  'Chen',
  'Patel',
  'Visser',
  'Berg',
  'Müller',
  'Rossi',
  'Okafor',
  'Kowalski',
  'Dubois',
  'Novák',
  'Yılmaz',
  'Nguyen',
  'Kim',
  'Silva',
  'Ødegaard',
  'Brown',
  'Schmidt',
];
export const AGENT_NAMES = [
  'Ana',
  'Ben',
  'Cyrus',
  'Dana',
  'Emil',
  'Fatima',
  'Gustav',
  'Hanna',
  'Ivo',
  'Jade',
  'Kofi',
  'Lars',
  'Maya',
  'Nils',
  'Olga',
  'Pavel',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Viktor',
  'Wanda',
  'Xander',
  'Yusuf',
  'Zara',
  'Amir',
  'Bea',
  'Carl',
  'Dilan',
  'Elin',
  'Femke',
  'Goran',
  'Hiro',
  'Ines',
  'Joris',
  'Kaja',
  'Luca',
  'Mirte',
  'Noor',
  'Oskar',
  'Pia',
  'Rafael',
  'Selma',
  'Timo',
  'Ulla',
  'Vera',
  'Wim',
  'Ylva',
  'Zeno',
];
