/** Uploads for an email being written, sent the way the editor does (the file as the body). */
import type { Client } from './server.js';

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ffa0c5b1370000000049454e44ae426082',
  'hex',
);

export async function upload(c: Client, filename: string, data: Buffer) {
  const res = await fetch(`${c.baseUrl}/api/v1/attachments?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { origin: c.baseUrl, cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  return { status: res.status, body: (await res.json()) as any };
}
