/**
 * Time zones: the one check of a zone's name (chatflow hours, business hours), and a zone's UTC
 * offsets for code that runs often. `Intl` is asked once per zone and UTC year (a sample per day,
 * each change of offset found to the second); afterwards an offset is a table look-up, so no
 * `Intl.DateTimeFormat` is made or used per call.
 */
import { z } from 'zod';

function knownZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name that this runtime's `Intl` knows (e.g. `Europe/Amsterdam`). */
export const timeZoneName = z.string().min(1).max(64).refine(knownZone, 'is not a known time zone (e.g. Europe/Amsterdam)');

const DAY = 86_400_000;
/** Offsets are looked up between these instants; before and after, a zone keeps the offset it has at the edge. */
const FIRST = Date.UTC(1900, 0, 1);
const LAST = Date.UTC(2200, 0, 1) - 1;

/** One UTC year of a zone: its offset as the year starts, then each change (the instant, and the offset from then on). */
interface YearTable {
  startOffset: number;
  at: number[];
  offset: number[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const tables = new Map<string, Map<number, YearTable>>();
let tableCount = 0;
/** Bounds the cache (about 100 bytes a year): past it, everything is computed afresh. */
const MAX_TABLES = 20_000;

function formatterOf(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The offset (ms, local = UTC + offset) at `t`, asked of Intl; `t` a whole second inside [FIRST, LAST]. */
function askOffset(f: Intl.DateTimeFormat, t: number): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of f.formatToParts(t)) {
    const v = Number(p.value);
    if (p.type === 'year') y = v;
    else if (p.type === 'month') mo = v;
    else if (p.type === 'day') d = v;
    else if (p.type === 'hour') h = v % 24;
    else if (p.type === 'minute') mi = v;
    else if (p.type === 'second') s = v;
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - t;
}

function buildYear(tz: string, year: number): YearTable {
  const f = formatterOf(tz);
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const table: YearTable = { startOffset: askOffset(f, start), at: [], offset: [] };
  let prev = table.startOffset;
  for (let t = start + DAY; t <= end; t += DAY) {
    const o = askOffset(f, t);
    if (o === prev) continue;
    // The first second with the new offset, between two samples a day apart.
    let lo = (t - DAY) / 1000;
    let hi = t / 1000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (askOffset(f, mid * 1000) === prev) lo = mid;
      else hi = mid;
    }
    // A change at the year's very end is kept here too, so a span across it is split there.
    table.at.push(hi * 1000);
    table.offset.push(o);
    prev = o;
  }
  return table;
}

function yearTable(tz: string, year: number): YearTable {
  let years = tables.get(tz);
  if (!years) tables.set(tz, (years = new Map()));
  let table = years.get(year);
  if (!table) {
    if (tableCount >= MAX_TABLES) {
      tables.clear();
      tableCount = 0;
      tables.set(tz, (years = new Map()));
    }
    table = buildYear(tz, year);
    years.set(year, table);
    tableCount++;
  }
  return table;
}

const clamp = (t: number) => (t < FIRST ? FIRST : t > LAST ? LAST : t);
const yearOf = (t: number) => new Date(t).getUTCFullYear();

/** The zone's offset at instant `t` (ms): the local wall-clock time is `t + offset`, read as if UTC. */
export function zoneOffset(tz: string, t: number): number {
  const c = clamp(t);
  const table = yearTable(tz, yearOf(c));
  let o = table.startOffset;
  for (let i = 0; i < table.at.length && table.at[i]! <= c; i++) o = table.offset[i]!;
  return o;
}

/**
 * Splits [from, to) at the zone's changes of offset and calls `each` for every piece with its
 * offset: inside a piece, local time runs evenly with UTC. Work grows with the years spanned.
 */
export function forEachOffset(tz: string, from: number, to: number, each: (from: number, to: number, offset: number) => void): void {
  let a = from;
  let o = zoneOffset(tz, from);
  const last = yearOf(clamp(to));
  for (let y = yearOf(clamp(from)); y <= last; y++) {
    const table = yearTable(tz, y);
    for (let i = 0; i < table.at.length; i++) {
      const at = table.at[i]!;
      if (at <= a) continue;
      if (at >= to) break;
      each(a, at, o);
      a = at;
      o = table.offset[i]!;
    }
  }
  each(a, to, o);
}
