/**
 * The password rule, the same everywhere a password is set (new user, own change, reset link,
 * CLI, ADMIN_PASSWORD): at least 10 characters and not one of the ~50,000 most common passwords
 * (zxcvbn-ts's list, compared without case, so "Password123" counts as "password123").
 */
import { createRequire } from 'node:module';
import type { FieldError } from '../../common/field-errors.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

let common: Set<string> | undefined;
/** The list is loaded at the first password checked (some 14 MB that a process setting no password never holds). */
const commonPasswords = () => {
  if (common) return common;
  const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  return (common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));
};

/** Why the password is refused (English, and as a field error code), or null when it is acceptable. */
export function passwordRefusal(password: string): { message: string; error: FieldError } | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return {
      message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
      error: { code: 'too_short', params: { min: MIN_PASSWORD_LENGTH } },
    };
  if (password.length > MAX_PASSWORD_LENGTH)
    return {
      message: `must be at most ${MAX_PASSWORD_LENGTH} characters`,
      error: { code: 'too_long', params: { max: MAX_PASSWORD_LENGTH } },
    };
  if (commonPasswords().has(password.toLowerCase()))
    return { message: 'is one of the most common passwords: choose another', error: { code: 'common_password' } };
  return null;
}

/** Why the password is refused, or null when it is acceptable. */
export const passwordProblem = (password: string): string | null => passwordRefusal(password)?.message ?? null;
