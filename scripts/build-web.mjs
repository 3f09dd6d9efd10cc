#!/usr/bin/env node
// Builds the agent app (src/web → dist/web) and prints the gzipped size of the JavaScript
// a browser loads on first visit: the entry chunk and everything it imports statically.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { precompress } from './precompress.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/web');
const budgetKb = 250;

await build({ configFile: join(root, 'vite.config.ts'), logLevel: process.argv.includes('--quiet') ? 'warn' : 'info' });
// The server sends these .br / .gz copies to browsers that accept them.
const compressed = await precompress(outDir);

const manifest = JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8'));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error('build-web: no entry chunk in the Vite manifest');
const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
visit(entryKey);

let total = 0;
for (const file of files) {
  const gz = gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
  total += gz;
  console.log(`  ${file}  ${(gz / 1024).toFixed(1)} KB gzipped`);
}
const kb = total / 1024;
console.log(
  `build-web: first-load JavaScript ${kb.toFixed(1)} KB gzipped (budget ${budgetKb} KB); ${compressed.length} files precompressed (.br, .gz)`,
);
if (kb > budgetKb) {
  console.error(`build-web: over budget by ${(kb - budgetKb).toFixed(1)} KB`);
  process.exit(1);
}
