import fs from 'node:fs';
/** The export's manifest: what the archive holds, with counts and SHA-256 checksums to check it by. */
export const EXPORT_FORMAT = 'switchboard-export';
export const EXPORT_VERSION = 1;

export interface FileLine {
  /** The path under the files folder (an attachment's `storage_path`, a contact's `picture_path`); in the archive under `files/`. */
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  /** The engine the export was read from (informative: the data is the same on both). */
  engine: 'sqlite' | 'postgres';
  /** The schema's migration level: every migration the exporting database had run, by name. */
  migrations: string[];
  /** Per table (`tables/<name>.jsonl`): its rows and the SHA-256 of its bytes. */
  tables: Record<string, { rows: number; sha256: string }>;
  /** Per inbox with email (`mbox/<slug>.mbox`): mboxrd of its email conversations. */
  mbox: { inbox: string; path: string; messages: number; sha256: string }[];
  /** `files.jsonl`: one `FileLine` per stored file, in the order the files follow in the archive. */
  files: { count: number; bytes: number; sha256: string };
  /** Tables not exported, and why. */
  skipped: Record<string, string>;
}

/** What must match after a round trip: everything but when and from which engine. */
export function comparableManifest(m: Manifest): Omit<Manifest, 'exportedAt' | 'engine'> {
  const { exportedAt: _a, engine: _e, ...rest } = m;
  return rest;
}

/** The lines of a JSON Lines file (`files.jsonl`), read in chunks. */
export async function* fileLines(file: string): AsyncIterable<string> {
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8' })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  if (rest) yield rest;
}
