/** Measuring HTML nesting the way the sanitizer's parser (htmlparser2) builds it. */
import { Parser } from 'htmlparser2';

const voids = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** The deepest element stack htmlparser2 builds from `html` (void elements are never on it). */
export function depthOf(html: string): number {
  let depth = 0;
  let max = 0;
  const p = new Parser(
    {
      onopentag: (name) => voids.has(name) || (max = Math.max(max, ++depth)),
      onclosetag: (name) => voids.has(name) || depth--,
    },
    { decodeEntities: true },
  );
  p.write(html);
  p.end();
  return max;
}
