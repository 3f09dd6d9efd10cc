/**
 * The password rule, the same everywhere a password is set (new user, own change, reset link,
 * CLI, ADMIN_PASSWORD): at least 10 characters and not one of the ~50,000 most common passwords
 * (zxcvbn-ts's list, compared without case, so "Password123" counts as "password123").
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));

/** Why the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (commonPasswords().has(password.toLowerCase())) return 'is one of the most common passwords: choose another';
  return null;
}
