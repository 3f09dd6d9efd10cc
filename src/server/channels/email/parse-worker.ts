/** The parse worker's side (see parse-pool.ts): a raw message in, the parsed email out. */
import { parentPort } from 'node:worker_threads';
import { checkSender, type SenderCheck } from './authentication.js';
import { attachmentUrl, parseEmail } from './parse.js';

parentPort!.on('message', (m: { id: number; raw: Uint8Array; check?: SenderCheck }) => {
  // Sender authentication (authentication.ts): never throws, bounded in time.
  if (m.check) return void checkSender(Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength), m.check).then((senderAuth) => parentPort!.postMessage({ id: m.id, senderAuth }));
  parseEmail(Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength), attachmentUrl).then(
    (mail) => parentPort!.postMessage({ id: m.id, mail }),
    (err: unknown) => parentPort!.postMessage({ id: m.id, error: String((err as Error)?.message ?? err) }),
  );
});
