import { CallCreate, ContactCreate, ContactEmailCreate, MeetingLinkSend, ContactListQuery, ContactMerge, ContactUpdate, ConversationContactInput, DealCreate, DealUpdate, NoteCreate, TaskCreate, TaskUpdate } from '../../../common/crm-api.js';
import { createContact, listContacts, updateContact } from '../../domain/contact-directory.js';
import { sendContactEmail, sendMeetingLink } from '../../domain/contact-email.js';
import { contactTimeline, disassociateContact, mergeContacts, setConversationContact } from '../../domain/contact-merge.js';
import { addNote, addTask, createDeal, listActivities, listDeals, logCall, updateDeal, updateTask } from '../../domain/contact-records.js';
import type { Ctx } from '../../domain/context.js';
import { idParams, listOf, route } from '../route.js';

/** Contacts as a CRM: list, create, edit, merge, link to conversations, and what is recorded on them. */
export function contactCrmRoutes(ctx: Ctx) {
  const tag = 'contacts';
  return [
    route({ method: 'GET', url: '/api/v1/contacts', summary: 'Contacts, newest first; search by name, email or company; filter by owner, company, open conversations', tag, auth: 'user', query: ContactListQuery, handler: ({ actor, query }) => listContacts(ctx, actor, query) }),
    route({ method: 'POST', url: '/api/v1/contacts', summary: 'Create a contact', tag, auth: 'user', body: ContactCreate, status: 201, handler: ({ actor, body }) => createContact(ctx, actor, body) }),
    route({ method: 'PATCH', url: '/api/v1/contacts/:id', summary: 'Edit a contact: properties, owner, company; recorded on its timeline (403 when it has conversations you cannot read)', tag, auth: 'user', params: idParams, body: ContactUpdate, handler: ({ actor, params, body }) => updateContact(ctx, actor, params.id, body) }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/merge',
      summary: "Merge another contact into this one: its conversations, notes, tasks, calls, deals and tickets move; the merge is recorded (403 when either has conversations you cannot read)",
      tag,
      auth: 'user',
      params: idParams,
      body: ContactMerge,
      handler: ({ actor, params, body }) => mergeContacts(ctx, actor, params.id, body.otherId),
    }),
    route({ method: 'GET', url: '/api/v1/contacts/:id/timeline', summary: "The contact's activities, and the conversations and tickets you may read, newest first", tag, auth: 'user', params: idParams, handler: ({ actor, params }) => contactTimeline(ctx, actor, params.id) }),
    route({ method: 'GET', url: '/api/v1/contacts/:id/notes', summary: 'Notes on a contact', tag, auth: 'user', params: idParams, handler: async ({ actor, params }) => listOf(await listActivities(ctx, actor, params.id, 'note')) }),
    route({ method: 'POST', url: '/api/v1/contacts/:id/notes', summary: 'Add a note', tag, auth: 'user', params: idParams, body: NoteCreate, status: 201, handler: ({ actor, params, body }) => addNote(ctx, actor, params.id, body) }),
    route({ method: 'GET', url: '/api/v1/contacts/:id/tasks', summary: 'Tasks on a contact', tag, auth: 'user', params: idParams, handler: async ({ actor, params }) => listOf(await listActivities(ctx, actor, params.id, 'task')) }),
    route({ method: 'POST', url: '/api/v1/contacts/:id/tasks', summary: 'Create a task (due date, assignee)', tag, auth: 'user', params: idParams, body: TaskCreate, status: 201, handler: ({ actor, params, body }) => addTask(ctx, actor, params.id, body) }),
    route({ method: 'PATCH', url: '/api/v1/tasks/:id', summary: 'Edit a task or mark it done', tag, auth: 'user', params: idParams, body: TaskUpdate, handler: ({ actor, params, body }) => updateTask(ctx, actor, params.id, body) }),
    route({ method: 'GET', url: '/api/v1/contacts/:id/calls', summary: 'Calls logged with a contact', tag, auth: 'user', params: idParams, handler: async ({ actor, params }) => listOf(await listActivities(ctx, actor, params.id, 'call')) }),
    route({ method: 'POST', url: '/api/v1/contacts/:id/calls', summary: 'Log a call', tag, auth: 'user', params: idParams, body: CallCreate, status: 201, handler: ({ actor, params, body }) => logCall(ctx, actor, params.id, body) }),
    route({ method: 'GET', url: '/api/v1/contacts/:id/deals', summary: "A contact's deals", tag, auth: 'user', params: idParams, handler: async ({ actor, params }) => listOf(await listDeals(ctx, actor, params.id)) }),
    route({ method: 'POST', url: '/api/v1/contacts/:id/deals', summary: 'Create a deal (name, amount, stage)', tag, auth: 'user', params: idParams, body: DealCreate, status: 201, handler: ({ actor, params, body }) => createDeal(ctx, actor, params.id, body) }),
    route({ method: 'PATCH', url: '/api/v1/deals/:id', summary: 'Edit a deal', tag, auth: 'user', params: idParams, body: DealUpdate, handler: ({ actor, params, body }) => updateDeal(ctx, actor, params.id, body) }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/emails',
      summary: 'Send the contact an individual email: a new email conversation in the inbox, assigned to you, delivered through the outbox',
      tag,
      auth: 'user',
      params: idParams,
      body: ContactEmailCreate,
      status: 201,
      handler: ({ actor, params, body }) => sendContactEmail(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/meeting-link',
      summary: 'Email the contact your meeting link (from your profile)',
      tag,
      auth: 'user',
      params: idParams,
      body: MeetingLinkSend,
      status: 201,
      handler: ({ actor, params, body }) => sendMeetingLink(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/contact',
      summary: 'Link the conversation to a contact: an existing one, or one created from a name/email (e.g. for an anonymous visitor)',
      tag,
      auth: 'user',
      params: idParams,
      body: ConversationContactInput,
      handler: ({ actor, params, body }) => setConversationContact(ctx, actor, params.id, body),
    }),
    route({ method: 'DELETE', url: '/api/v1/conversations/:id/contact', summary: 'Disassociate the contact from the conversation', tag, auth: 'user', params: idParams, handler: ({ actor, params }) => disassociateContact(ctx, actor, params.id) }),
  ];
}

