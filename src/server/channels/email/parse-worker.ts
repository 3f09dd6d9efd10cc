/** The parse worker's side (see parse-pool.ts): a raw message in, the parsed email (or its sender's authentication) out. */
import { serveWorkerJobs } from '../../worker-pool.js';
import { checkSender, type SenderAuth } from './authentication.js';
import type { ParseJob } from './parse-pool.js';
import { inlineAttachmentUrl } from '../../../common/attachment-urls.js';
import { parseEmail, type ParsedEmail } from './parse.js';

serveWorkerJobs<ParseJob, ParsedEmail | SenderAuth>(({ raw, check }) => {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return check ? checkSender(buf, check) : parseEmail(buf, inlineAttachmentUrl);
});
