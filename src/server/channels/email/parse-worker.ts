/** The parse worker's side (see parse-pool.ts): a raw message in, the parsed email out. */
import { parentPort } from 'node:worker_threads';
import { attachmentUrl, parseEmail } from './parse.js';

parentPort!.on('message', (m: { id: number; raw: Uint8Array }) => {
  parseEmail(Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength), attachmentUrl).then(
    (mail) => parentPort!.postMessage({ id: m.id, mail }),
    (err: unknown) => parentPort!.postMessage({ id: m.id, error: String((err as Error)?.message ?? err) }),
  );
});
