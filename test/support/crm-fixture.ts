/** Contacts, tickets and routing records for the permission matrix. */
import type { Client } from './server.js';

export interface CrmFixture {
  taskId: string;
  dealId: string;
  /** A ticket made from the private inbox's conversation: scoped like it. */
  ticketId: string;
  /** A fresh contact (e.g. to merge away). */
  contact(): Promise<string>;
}

let n = 0;
export async function crmFixture(
  admin: Client,
  member: Client,
  conversationId: string,
  contactId: string,
  everyone: Client[] = [],
): Promise<CrmFixture> {
  // A meeting link for everyone signed in, so "send meeting link" can succeed where allowed.
  for (const c of everyone) if (c.cookie) await c.patch('/api/v1/me', { meetingLink: 'https://meet.example.com/me' });
  const task = await admin.post(`/api/v1/contacts/${contactId}/tasks`, { title: 'Follow up' });
  const deal = await admin.post(`/api/v1/contacts/${contactId}/deals`, { name: 'Deal', amount: 1 });
  const ticket = await member.post(`/api/v1/conversations/${conversationId}/tickets`, { title: 'secret ticket' });
  if (task.status !== 201 || deal.status !== 201 || ticket.status !== 201) throw new Error('crm fixture failed');
  return {
    taskId: task.body.id,
    dealId: deal.body.id,
    ticketId: ticket.body.id,
    contact: async () => (await admin.post('/api/v1/contacts', { name: `Dup ${n++}` })).body.id,
  };
}
