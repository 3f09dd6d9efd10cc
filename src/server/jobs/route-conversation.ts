import { ROUTE_JOB, routeConversation } from '../domain/routing.js';
import { defineJob } from './define.js';

/** `route-conversation`: the routing rules run once for a new conversation, or a reply to an away assignee (`domain/routing.ts`). */
export const routeConversationJob = defineJob({ ...ROUTE_JOB, handle: routeConversation });
