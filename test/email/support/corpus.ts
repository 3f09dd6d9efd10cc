/** The shared corpus of real awkward emails, read in place from ../shared (never copied into the repo). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus/email');

export interface CorpusMail {
  name: string;
  raw: Buffer;
}

/** Drops an mbox "From " envelope line: it is not part of the message an MTA would hand over. */
export function stripEnvelope(raw: Buffer): Buffer {
  if (raw.subarray(0, 5).toString('latin1') !== 'From ') return raw;
  const nl = raw.indexOf(0x0a);
  const cr = raw.indexOf(0x0d);
  const end = nl === -1 ? cr : cr !== -1 && cr < nl - 1 ? cr : nl;
  return end === -1 ? raw : raw.subarray(end + 1);
}

/** Every message file, with mbox.src split into its messages. */
export function corpusMails(): CorpusMail[] {
  if (!fs.existsSync(corpusDir)) return [];
  const out: CorpusMail[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      const name = path.relative(corpusDir, p);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'mbox.src') out.push(...mboxMessages(p).map((raw, i) => ({ name: `${name}#${i + 1}`, raw })));
      else if (/\.(eml|box|txt)$/.test(e.name) && !e.name.endsWith('.expected.txt'))
        out.push({ name, raw: stripEnvelope(fs.readFileSync(p)) });
    }
  };
  walk(corpusDir);
  return out;
}

export function mboxMessages(file: string): Buffer[] {
  const text = fs.readFileSync(file, 'latin1');
  return text
    .split(/^(?=From \S+ )/m)
    .filter((m) => m.startsWith('From '))
    .map((m) => stripEnvelope(Buffer.from(m.replace(/^>(>*From )/gm, '$1'), 'latin1')));
}
