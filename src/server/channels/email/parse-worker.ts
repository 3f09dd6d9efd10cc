/** The parse worker's side (see parse-pool.ts): a raw message in, the parsed email out. */
import { serveWorkerJobs } from '../../worker-pool.js';
import { attachmentUrl, parseEmail } from './parse.js';

serveWorkerJobs((raw: Uint8Array) => parseEmail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), attachmentUrl));
