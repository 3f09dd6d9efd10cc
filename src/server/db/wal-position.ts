/**
 * PostgreSQL WAL positions ("16/B374D848": two hex halves of one 64-bit number), compared as numbers:
 * as strings "9/0" would sort after "10/0".
 */
export function lsnValue(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!m) throw new Error(`Not a WAL position: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** Whether position `a` is at or past `b`. */
export function lsnReached(a: string, b: string): boolean {
  return lsnValue(a) >= lsnValue(b);
}
