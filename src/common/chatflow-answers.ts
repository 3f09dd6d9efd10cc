/** A visitor's typed answer checked against what the question asks for (the bot on the server, the builder's Try it); null: it does not fit (asked again). */
import { z } from 'zod';
import type { answerKinds } from './chatflow.js';

const email = z.email();

export function checkAnswer(kind: (typeof answerKinds)[number], raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  if (kind === 'email') {
    const e = text.toLowerCase();
    return e.length <= 254 && email.safeParse(e).success ? e : null;
  }
  if (kind === 'phone') {
    const digits = text.replace(/[\s().-]/g, '');
    return /^\+?\d{6,15}$/.test(digits) ? digits : null;
  }
  if (kind === 'number') {
    const n = Number(text.replace(',', '.'));
    return text.length <= 30 && Number.isFinite(n) ? String(n) : null;
  }
  return text.slice(0, 2000);
}

/** The visitor asks for a person instead of the bot (en, nl, sv). */
export const asksForPerson = (text: string) =>
  /^(agent|human|person|someone|medewerker|mens|iemand|människa|handläggare|någon|personal)[.!?]*$/i.test(text.trim());
