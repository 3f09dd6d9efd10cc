#!/usr/bin/env node
// Builds the embeddable chat widget (src/widget → dist/widget/widget.js, one IIFE script that
// defines no global but `Switchboard`) and checks its gzipped size against the 30 KB budget.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { precompress } from './precompress.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/widget');
const budgetKb = 30;

await build({
  configFile: false,
  logLevel: process.argv.includes('--quiet') ? 'warn' : 'info',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    lib: { entry: join(root, 'src/widget/widget.ts'), formats: ['iife'], name: 'SwitchboardWidget', fileName: () => 'widget.js' },
  },
});

// `/widget.js` sends widget.js.br or .gz to browsers that accept them.
await precompress(outDir);
const gz = gzipSync(await readFile(join(outDir, 'widget.js')), { level: 9 }).length / 1024;
console.log(`build-widget: widget.js ${gz.toFixed(1)} KB gzipped (budget ${budgetKb} KB)`);
if (gz > budgetKb) {
  console.error(`build-widget: over budget by ${(gz - budgetKb).toFixed(1)} KB`);
  process.exit(1);
}
