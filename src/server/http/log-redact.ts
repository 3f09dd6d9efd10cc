import type { FastifyRequest } from 'fastify';

/** A URL as the log shows it: a `token` query value (an export's mailed download link) is left out. */
export const redactedUrl = (url: string) => url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]');

/** Fastify's request log line (method, url, host, remote address) with the URL redacted. */
export function logRequest(req: FastifyRequest) {
  return { method: req.method, url: redactedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
