/** The customers' mail the demo writes: MIME with threading headers, HTML beside the text, sometimes a file. */
import nodemailer from 'nodemailer';
import type { Topic } from './demo-text.js';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Plain text as a mail client writes it in HTML: paragraphs, line breaks. */
export const htmlOf = (text: string) =>
  `<div style="font-family:Arial,sans-serif">${text
    .split('\n\n')
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</div>`;

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/** One customer's mail as it arrives: MIME with threading headers and, sometimes, a file. */
export async function mail(m: {
  from: { name: string; email: string };
  to: string;
  subject: string;
  text: string;
  html?: string;
  date: Date;
  id: string;
  parents: string[];
  file?: Topic['file'];
}): Promise<{ raw: Buffer; id: string }> {
  const info = await composer.sendMail({
    from: { name: m.from.name, address: m.from.email },
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    date: m.date,
    messageId: `<${m.id}>`,
    inReplyTo: m.parents.length ? `<${m.parents[m.parents.length - 1]}>` : undefined,
    references: m.parents.length ? m.parents.map((p) => `<${p}>`).join(' ') : undefined,
    attachments: m.file ? [fileOf(m.file)] : undefined,
  });
  return { raw: info.message as Buffer, id: m.id };
}

/** Small, real files: a PNG screenshot, a CSV export, a one-page PDF. */
function fileOf(kind: NonNullable<Topic['file']>): { filename: string; content: Buffer; contentType: string } {
  if (kind === 'csv')
    return {
      filename: 'export.csv',
      contentType: 'text/csv',
      content: Buffer.from('order,date,total\n48213,2026-03-02,129.00\n48214,2026-03-02,54.50\n'),
    };
  if (kind === 'pdf') {
    const pdf = [
      '%PDF-1.4',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
    ].join('\n');
    return { filename: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from(pdf) };
  }
  // A 1x1 PNG.
  return {
    filename: 'screenshot.png',
    contentType: 'image/png',
    content: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
  };
}
