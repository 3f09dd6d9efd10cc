// A second test reporter: silent while the tests run, then the ten slowest test files and one line
// per failed test (its file, its name and the first line of its error), so the end of a long CI log
// says what failed and where the time went.
import path from 'node:path';

export default async function* failures(source) {
  const failed = [];
  const seconds = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, file, details, nesting } = event.data;
    const where = file ? path.relative(process.cwd(), file) : '?';
    if (nesting === 0) seconds.set(where, (seconds.get(where) ?? 0) + (details?.duration_ms ?? 0) / 1000);
    if (event.type !== 'test:fail') continue;
    const error = details?.error;
    if (error?.failureType === 'subtestsFailed') continue; // a suite failing because a test in it did
    const cause = error?.cause ?? error;
    const first = String(cause?.message ?? cause ?? '')
      .split('\n')[0]
      .slice(0, 300);
    failed.push(`not ok: ${where} › ${name}\n    ${first}`);
  }
  const slowest = [...seconds].sort((a, b) => b[1] - a[1]).slice(0, 10);
  yield `\n# slowest files:\n${slowest.map(([f, s]) => `#   ${s.toFixed(0).padStart(5)} s  ${f}`).join('\n')}\n`;
  yield failed.length ? `\n# ${failed.length} failed:\n${failed.join('\n')}\n` : '\n# no test failed\n';
}
