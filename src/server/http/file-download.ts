/**
 * How a stored file leaves the server (attachments, inline images, your own uploads): never rendered
 * as a page (sandboxed, no sniffing); an image the server recognised may show inline, anything else
 * downloads.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

const SHOWN_INLINE = /^image\/(png|jpeg|gif|webp)$/;

/** RFC 6266 filename: ASCII fallback plus UTF-8. */
export function disposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export interface StoredFile {
  path: string;
  filename: string;
  contentType: string;
}

/**
 * Sends the file: `download` always as an attachment; `image` inline when it is a PNG, JPEG, GIF or
 * WebP, as a download otherwise. `cache` is how long the browser may keep it (seconds; 0: not at all).
 */
export function sendFile(reply: FastifyReply, file: StoredFile, opts: { as: 'download' | 'image'; cache: number }) {
  const inline = opts.as === 'image' && SHOWN_INLINE.test(file.contentType);
  reply
    .header('content-type', inline ? file.contentType : 'application/octet-stream')
    .header('content-disposition', disposition(inline ? 'inline' : 'attachment', file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', opts.cache ? `private, max-age=${opts.cache}` : 'private, no-store');
  return reply.send(fs.createReadStream(file.path));
}

/**
 * Sends a document written as it is read (a contact's data export) as a download: never rendered by
 * the browser as part of the app (sandboxed, no sniffing), never cached.
 */
export function sendDocument(reply: FastifyReply, doc: { filename: string; contentType: string; body: AsyncIterable<string> }) {
  reply
    .header('content-type', doc.contentType)
    .header('content-disposition', disposition('attachment', doc.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    .header('cache-control', 'private, no-store');
  return reply.send(Readable.from(doc.body));
}
