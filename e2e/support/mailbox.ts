/** The "Connect a mailbox (IMAP)" dialog in Settings, filled as an admin fills it for a test mailbox. */
import type { Page } from 'playwright-core';

export const mailboxDialog = (page: Page) => page.getByRole('dialog');
export const imapSide = (page: Page) => mailboxDialog(page).getByRole('group', { name: 'Receiving (IMAP)' });
export const smtpSide = (page: Page) => mailboxDialog(page).getByRole('group', { name: 'Sending (SMTP)' });

/** Both servers on this machine with STARTTLS: IMAP (Dovecot) as `user`, SMTP (the tests' capture server). */
export async function fillServers(page: Page, s: { imapPort: number; smtpPort: number; user: string; password: string }): Promise<void> {
  await imapSide(page).getByLabel('Server').fill('127.0.0.1');
  await imapSide(page).getByLabel('Port').fill(String(s.imapPort));
  await imapSide(page).getByLabel('Security').selectOption('starttls');
  await imapSide(page).getByLabel('User name').fill(s.user);
  await imapSide(page).getByLabel('Password').fill(s.password);
  await smtpSide(page).getByLabel('Server').fill('127.0.0.1');
  await smtpSide(page).getByLabel('Port').fill(String(s.smtpPort));
  await smtpSide(page).getByLabel('Security').selectOption('starttls');
}
