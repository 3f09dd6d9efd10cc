/** Sending as someone else would: from a chosen loopback IP, HELO and MAIL FROM, optionally DKIM-signed. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import nodemailer from 'nodemailer';
import { dkimSign } from 'mailauth';
import type { SendResult } from '../../email/support/mail.js';
import type { TestDns } from '../../support/dns.js';

export async function sendAs(
  port: number,
  o: { to: string; raw: string; ip: string; mailFrom: string; helo?: string },
): Promise<SendResult> {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    localAddress: o.ip,
    name: o.helo ?? 'mail.sender.example',
    connectionTimeout: 10_000,
    socketTimeout: 30_000,
  });
  try {
    const info = await t.sendMail({ envelope: { from: o.mailFrom, to: [o.to] }, raw: o.raw });
    return { ok: true, code: 250, response: info.response };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string };
    return { ok: false, code: e.responseCode, response: e.response ?? e.message };
  } finally {
    t.close();
  }
}

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  publicKey: KeyObject;
}

/** A fresh RSA key for `domain`; `publish` puts its public half into the test DNS. */
export function dkimKey(domain: string, selector = 'sel'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { domain, selector, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

export function publishDkim(dns: TestDns, key: DkimKey, as: DkimKey = key): void {
  const p = as.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  dns.txt.set(`${key.selector}._domainkey.${key.domain}`, [`v=DKIM1; k=rsa; p=${p}`]);
}

/** The message with a DKIM-Signature of `key` prepended. */
export async function signed(raw: string, key: DkimKey): Promise<string> {
  const r = await dkimSign(raw, {
    canonicalization: 'relaxed/relaxed',
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey }],
  } as any);
  if (r.errors?.length) throw r.errors[0];
  return r.signatures + raw;
}
