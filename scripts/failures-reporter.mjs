// A second test reporter: silent while the tests run, then one line per failed test (its file,
// its name and the first line of its error), so the end of a long CI log says what failed.
import path from 'node:path';

export default async function* failures(source) {
  const failed = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    const error = details?.error;
    if (error?.failureType === 'subtestsFailed') continue; // a suite failing because a test in it did
    const cause = error?.cause ?? error;
    const first = String(cause?.message ?? cause ?? '')
      .split('\n')[0]
      .slice(0, 300);
    failed.push(`not ok: ${file ? path.relative(process.cwd(), file) : '?'} › ${name}\n    ${first}`);
  }
  yield failed.length ? `\n# ${failed.length} failed:\n${failed.join('\n')}\n` : '\n# no test failed\n';
}
