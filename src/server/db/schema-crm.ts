/** Table types for contacts' activities, deals, tickets and routing (migration 003). */

export interface ContactActivitiesTable {
  id: string;
  contact_id: string;
  kind: 'note' | 'task' | 'call' | 'merge' | 'change';
  user_id: string | null;
  body: string;
  due_at: string | null;
  assignee_id: string | null;
  done: number;
  data: string;
  created_at: string;
  updated_at: string;
}

export interface DealsTable {
  id: string;
  contact_id: string;
  name: string;
  amount_cents: number | string;
  stage: string;
  owner_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface PipelinesTable {
  id: string;
  name: string;
  is_default: number;
  created_at: string;
}

export interface PipelineStagesTable {
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  /** A default stage the app words in the reader's language (`TicketStageKey`, migration 020); null for the admin's own. */
  key: string | null;
}

export interface TicketsTable {
  id: string;
  title: string;
  pipeline_id: string;
  stage_id: string;
  contact_id: string | null;
  conversation_id: string | null;
  inbox_id: string | null;
  owner_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Round robin's position per channel: the user who got the last conversation. */
export interface RoutingCursorsTable {
  channel_id: string;
  last_user_id: string | null;
  updated_at: string;
}

export interface ConversationRoutingTable {
  conversation_id: string;
  assignee_id: string | null;
  reason: string;
  /** JSON `RoutingFact` (migration 020); null for decisions made before. */
  fact: string | null;
  created_at: string;
}

/** When the user last had the agent app open (a live stream socket). */
export interface UserSeenTable {
  user_id: string;
  seen_at: string;
}

export interface AccountSettingsTable {
  key: string;
  value: string;
}

export interface CrmTables {
  user_seen: UserSeenTable;
  account_settings: AccountSettingsTable;
  contact_activities: ContactActivitiesTable;
  deals: DealsTable;
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  tickets: TicketsTable;
  routing_cursors: RoutingCursorsTable;
  conversation_routing: ConversationRoutingTable;
}
