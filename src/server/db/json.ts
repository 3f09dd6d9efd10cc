/** JSON is stored as text on both engines; this is the one codec. */
export function encodeJson(v: unknown): string {
  return JSON.stringify(v ?? null);
}
export function decodeJson<T>(s: string | null | undefined, fallback: T): T {
  if (s === null || s === undefined || s === '') return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}
