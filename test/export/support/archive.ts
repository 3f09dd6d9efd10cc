/** Reading a (small) export archive in tests. */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The archive's entries by name (the test's archives are small). */
export function entries(file: string): Map<string, Buffer> {
  let b = fs.readFileSync(file);
  if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
  const out = new Map<string, Buffer>();
  for (let at = 0; at + 512 <= b.length;) {
    const h = b.subarray(at, at + 512);
    if (h.every((x) => x === 0)) break;
    const field = (o: number, n: number) => h.toString('utf8', o, o + n).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12), 8);
    const name = field(345, 155) ? `${field(345, 155)}/${field(0, 100)}` : field(0, 100);
    out.set(name, b.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Every file under a folder (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}
