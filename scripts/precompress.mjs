// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every built text
// asset worth compressing, once at build time: the server then sends them as they are
// (@fastify/static's preCompressed) and spends no CPU compressing per request.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/;
/** Below this a compressed copy saves less than a packet. */
const MIN_BYTES = 1024;

/** Precompresses the files under `dir` (dot folders such as Vite's `.vite/` skipped); returns the files done. */
export async function precompress(dir) {
  const done = [];
  const walk = async (d) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (compressible.test(e.name)) {
        const data = await readFile(p);
        if (data.length < MIN_BYTES) continue;
        const [b, g] = await Promise.all([
          br(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
          gz(data, { level: 9 }),
        ]);
        await Promise.all([writeFile(`${p}.br`, b), writeFile(`${p}.gz`, g)]);
        done.push({ file: p, bytes: data.length, br: b.length, gz: g.length });
      }
    }
  };
  await walk(dir);
  return done;
}

// `node scripts/precompress.mjs DIR…`: the same, from the command line.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const dir of process.argv.slice(2)) {
    const done = await precompress(dir);
    console.log(`precompress: ${done.length} files in ${dir}`);
  }
}
