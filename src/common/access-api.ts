/** Shapes for taking access back: API tokens and passwords (re-exported by api.ts). */
import { z } from 'zod';

// ---- inputs ----
export const TokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** `read`: GET routes and the stream only. */
  scope: z.enum(['read', 'write']).default('write'),
  /** None: the token never expires. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
/** Your own password: the current one, and the new one (at least 10 characters, not a common password). */
export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) });
/** Setting a password from an emailed reset link. */
export const PasswordResetInput = z.object({ token: z.string().min(1).max(200), password: z.string().max(200) });

// ---- outputs ----
export interface ApiTokenOut {
  id: string;
  name: string;
  scope: 'read' | 'write';
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}
/** Only the answer to creating a token holds its secret; it is never shown again. */
export interface CreatedApiTokenOut extends ApiTokenOut {
  token: string;
}
/** An admin-started reset: mailed when outgoing mail is configured, else the link for the admin to pass on. */
export interface PasswordResetOut {
  emailed: boolean;
  link: string | null;
  expiresAt: string;
}
