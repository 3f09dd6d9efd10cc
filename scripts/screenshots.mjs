#!/usr/bin/env node
// Screenshots of every main screen at 1440 × 900 and 390 × 844 into test-output/screenshots/ (gitignored),
// taken against a throwaway server with a small demo. The work is in e2e/support/screenshots.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'e2e/support/screenshots.ts')], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
process.exit(r.status ?? 1);
