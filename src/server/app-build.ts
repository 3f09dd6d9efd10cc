/**
 * The built agent app and widget (`dist/`) at start: built when missing, and built again when the sources
 * they are built from changed (an upgrade, a local edit). `dist/<part>/.sources` holds a hash of those
 * sources, written after a build succeeds; a build by other means (the tests') has none and is rebuilt once.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

interface Part {
  name: string;
  script: string;
  built: string;
  sources: string[];
  args: string[];
}

const PARTS: Part[] = [
  {
    name: 'chat widget',
    script: 'scripts/build-widget.mjs',
    built: 'dist/widget/widget.js',
    sources: ['src/widget', 'src/common', 'scripts/build-widget.mjs', 'package-lock.json'],
    args: ['--quiet'],
  },
  {
    name: 'agent app',
    script: 'scripts/build-web.mjs',
    built: 'dist/web/index.html',
    sources: ['src/web', 'src/common', 'vite.config.ts', 'scripts/build-web.mjs', 'package-lock.json'],
    args: [],
  },
];

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .flatMap((e) => filesUnder(path.join(p, e.name)))
    .sort();
}

/** A hash of the files' names and contents (a few hundred small files: tens of milliseconds, once at start). */
export function sourcesHash(rootDir: string, sources: string[]): string {
  const h = createHash('sha256');
  for (const s of sources)
    for (const file of filesUnder(path.join(rootDir, s))) {
      h.update(path.relative(rootDir, file));
      h.update('\0');
      h.update(fs.readFileSync(file));
      h.update('\0');
    }
  return h.digest('hex');
}

/** Builds each part that is missing or older than its sources; a failed build is said, and the API still runs. */
export function ensureAppBuilt(rootDir: string, log: (line: string) => void = console.log): void {
  for (const part of PARTS) {
    const script = path.join(rootDir, part.script);
    if (!fs.existsSync(script)) continue;
    const stampFile = path.join(rootDir, path.dirname(part.built), '.sources');
    const hash = sourcesHash(rootDir, part.sources);
    const built = fs.existsSync(path.join(rootDir, part.built));
    if (built && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash) continue;
    log(built ? `Building the ${part.name} (its sources changed)…` : `Building the ${part.name} (first start)…`);
    const r = spawnSync(process.execPath, [script, ...part.args], { stdio: 'inherit', cwd: rootDir });
    if (r.status !== 0) {
      log(`The ${part.name} failed to build; the API still runs.`);
      continue;
    }
    fs.writeFileSync(stampFile, hash);
  }
}
