/**
 * At start the agent app and widget are built when missing and built again when their sources changed
 * (an upgrade), not on every start; a failed build is said and the server still starts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureAppBuilt } from '../../src/server/app-build.js';

/** A release in miniature: each build script counts its runs and writes what the real one writes. */
function fakeRelease(): { root: string; builds: (part: 'web' | 'widget') => number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-build-'));
  for (const dir of ['src/web', 'src/widget', 'src/common', 'scripts']) fs.mkdirSync(path.join(root, dir), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/web/main.tsx'), 'export const version = 1;\n');
  fs.writeFileSync(path.join(root, 'src/widget/widget.ts'), 'export const version = 1;\n');
  fs.writeFileSync(path.join(root, 'src/common/api.ts'), 'export {};\n');
  const script = (out: string, counter: string) => `import fs from 'node:fs';
if (fs.existsSync('fail-${counter}')) process.exit(1);
fs.rmSync('${path.dirname(out)}', { recursive: true, force: true });
fs.mkdirSync('${path.dirname(out)}', { recursive: true });
fs.writeFileSync('${out}', 'built');
fs.appendFileSync('${counter}', 'x');
`;
  fs.writeFileSync(path.join(root, 'scripts/build-web.mjs'), script('dist/web/index.html', 'web-builds'));
  fs.writeFileSync(path.join(root, 'scripts/build-widget.mjs'), script('dist/widget/widget.js', 'widget-builds'));
  const builds = (part: 'web' | 'widget') => {
    const f = path.join(root, `${part}-builds`);
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').length : 0;
  };
  return { root, builds };
}

test('the first start builds both; a start with unchanged sources builds nothing', () => {
  const { root, builds } = fakeRelease();
  const said: string[] = [];
  ensureAppBuilt(root, (l) => said.push(l));
  assert.deepEqual([builds('web'), builds('widget')], [1, 1]);
  assert.ok(
    said.some((l) => /agent app \(first start\)/.test(l)),
    said.join('\n'),
  );
  ensureAppBuilt(root, (l) => said.push(l));
  ensureAppBuilt(root, (l) => said.push(l));
  assert.deepEqual([builds('web'), builds('widget')], [1, 1]);
});

test('an upgrade that changes the app, or the code both share, rebuilds what it touches', () => {
  const { root, builds } = fakeRelease();
  ensureAppBuilt(root, () => {});
  fs.writeFileSync(path.join(root, 'src/web/main.tsx'), 'export const version = 2;\n');
  const said: string[] = [];
  ensureAppBuilt(root, (l) => said.push(l));
  assert.deepEqual([builds('web'), builds('widget')], [2, 1]);
  assert.ok(
    said.some((l) => /agent app \(its sources changed\)/.test(l)),
    said.join('\n'),
  );
  fs.writeFileSync(path.join(root, 'src/common/new-file.ts'), 'export const x = 1;\n');
  ensureAppBuilt(root, () => {});
  assert.deepEqual([builds('web'), builds('widget')], [3, 2]);
});

test('a failed build is said, and tried again at the next start', () => {
  const { root, builds } = fakeRelease();
  fs.writeFileSync(path.join(root, 'fail-web-builds'), '');
  const said: string[] = [];
  ensureAppBuilt(root, (l) => said.push(l));
  assert.ok(
    said.some((l) => /agent app failed to build; the API still runs/.test(l)),
    said.join('\n'),
  );
  assert.equal(builds('widget'), 1);
  fs.rmSync(path.join(root, 'fail-web-builds'));
  ensureAppBuilt(root, () => {});
  assert.equal(builds('web'), 1);
  assert.ok(fs.existsSync(path.join(root, 'dist/web/index.html')));
});
