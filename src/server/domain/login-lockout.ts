import type { Ctx } from './context.js';
import { DomainError } from './errors.js';

/**
 * Failed logins, counted per (account, client address) and per address across accounts, in the
 * `login_attempts` table (its `email` column holds the key: `<email>\n<address>` or `\n<address>`;
 * a newline never occurs in an email address). A stranger's wrong passwords therefore lock out
 * only the stranger: the account still opens from every other address.
 */
export const LOGIN_WINDOW_MS = 15 * 60_000;
/** Wrong passwords for one account from one address within the window. */
export const LOGIN_MAX_PER_ACCOUNT_AND_ADDRESS = 10;
/** Wrong passwords from one address, whatever the accounts, within the window. */
export const LOGIN_MAX_PER_ADDRESS = 50;

const keys = (email: string, address: string) => ({ pair: `${email}\n${address}`, address: `\n${address}` });

/** Throws `rate_limited` when this account is locked for this address, or the address for every account. */
export async function checkLoginAllowed(ctx: Ctx, email: string, address: string): Promise<void> {
  const k = keys(email, address);
  const since = new Date(Date.now() - LOGIN_WINDOW_MS).toISOString();
  const rows = await ctx.db.kysely
    .selectFrom('login_attempts')
    .select((eb) => ['email', eb.fn.countAll().as('n')])
    .where('email', 'in', [k.pair, k.address])
    .where('at', '>', since)
    .groupBy('email')
    .execute();
  const count = (key: string) => Number(rows.find((r) => r.email === key)?.n ?? 0);
  if (count(k.pair) >= LOGIN_MAX_PER_ACCOUNT_AND_ADDRESS || count(k.address) >= LOGIN_MAX_PER_ADDRESS) {
    throw new DomainError('rate_limited', 'Too many failed logins; try again in 15 minutes');
  }
}

/** Counts a failed login against the pair and the address (and forgets their failures older than the window). */
export async function recordLoginFailure(ctx: Ctx, email: string, address: string): Promise<void> {
  const k = keys(email, address);
  const now = new Date();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  await ctx.db.kysely.deleteFrom('login_attempts').where('email', 'in', [k.pair, k.address]).where('at', '<=', since).execute();
  await ctx.db.kysely
    .insertInto('login_attempts')
    .values([
      { email: k.pair, at: now.toISOString() },
      { email: k.address, at: now.toISOString() },
    ])
    .execute();
}

/** A successful login clears that account's failures from that address. */
export async function clearLoginFailures(ctx: Ctx, email: string, address: string): Promise<void> {
  await ctx.db.kysely.deleteFrom('login_attempts').where('email', '=', keys(email, address).pair).execute();
}
