import { z } from 'zod';
import {
  ContactCreate,
  ContactEmailCreate,
  ContactListQuery,
  ContactMerge,
  ContactUpdate,
  MeetingLinkSend,
} from '../../../common/crm-api.js';
import { createContact, listContactPropertyKeys, listContacts, updateContact } from '../../domain/contact-directory.js';
import { sendContactEmail, sendMeetingLink } from '../../domain/contact-email.js';
import { contactTimeline, mergeContacts } from '../../domain/contact-merge.js';
import { contactConversations, getContact, setBlocked } from '../../domain/contacts.js';
import type { Ctx } from '../../domain/context.js';
import { idParams, route } from '../route.js';

/** Contacts (`/api/v1/contacts…`): the directory, one contact, blocking, merging, its timeline and emails to it. */
export function contactRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/contacts',
      summary: 'Contacts, newest first; search by name, email or company; filter by owner, company, open conversations',
      tag: 'contacts',
      auth: 'user',
      query: ContactListQuery,
      handler: ({ actor, query }) => listContacts(ctx, actor, query),
    }),
    route({
      method: 'GET',
      url: '/api/v1/contacts/properties',
      summary: 'The custom property names set on any contact, sorted (at most 200)',
      tag: 'contacts',
      auth: 'user',
      handler: ({ actor }) => listContactPropertyKeys(ctx, actor),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts',
      summary: 'Create a contact',
      tag: 'contacts',
      auth: 'user',
      body: ContactCreate,
      status: 201,
      handler: ({ actor, body }) => createContact(ctx, actor, body),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/contacts/:id',
      summary: 'Edit a contact: properties, owner, company; recorded on its timeline (403 when it has conversations you cannot read)',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      body: ContactUpdate,
      handler: ({ actor, params, body }) => updateContact(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/merge',
      summary:
        'Merge another contact into this one: its conversations, notes, tasks, calls, deals and tickets move; the merge is recorded (403 when either has conversations you cannot read)',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      body: ContactMerge,
      handler: ({ actor, params, body }) => mergeContacts(ctx, actor, params.id, body.otherId),
    }),
    route({
      method: 'GET',
      url: '/api/v1/contacts/:id/timeline',
      summary: "The contact's activities, and the conversations and tickets you may read, newest first",
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => contactTimeline(ctx, actor, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/emails',
      summary: 'Send the contact an individual email: a new email conversation in the inbox, assigned to you, delivered through the outbox',
      tag: 'contacts',
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
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      body: MeetingLinkSend,
      status: 201,
      handler: ({ actor, params, body }) => sendMeetingLink(ctx, actor, params.id, body),
    }),
    route({
      method: 'GET',
      url: '/api/v1/contacts/:id',
      summary: 'One contact',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => getContact(ctx, actor, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/v1/contacts/:id/conversations',
      summary: "A contact's conversations that you may read, newest first",
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      query: z.object({ cursor: z.string().max(500).optional() }),
      handler: ({ actor, params, query }) => contactConversations(ctx, actor, params.id, query.cursor),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/block',
      summary: "Block the sender: the contact's new messages go to Filtered (403 when it has conversations you cannot read)",
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => setBlocked(ctx, actor, params.id, true),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/unblock',
      summary: 'Unblock the sender',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => setBlocked(ctx, actor, params.id, false),
    }),
  ];
}
