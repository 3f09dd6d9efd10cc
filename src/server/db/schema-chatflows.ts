/** Chatflow tables (migration 033). */

export interface ChatflowsTable {
  id: string;
  channel_id: string;
  name: string;
  /** JSON `ChatflowDefinition` being edited. */
  draft: string;
  /** The version new conversations start with; null: never published. */
  published_version: number | null;
  enabled: number;
  /** Signs the requests of the flow's webhook steps. */
  webhook_secret: string;
  created_at: string;
  updated_at: string;
}

export interface ChatflowVersionsTable {
  chatflow_id: string;
  version: number;
  /** JSON `ChatflowDefinition`, frozen. */
  definition: string;
  published_at: string;
  published_by: string | null;
}

export interface BotSessionsTable {
  conversation_id: string;
  chatflow_id: string;
  version: number;
  step_id: string | null;
  state: 'running' | 'waiting' | 'ended';
  seq: number;
  answer: string | null;
  tries: number;
  due_at: string | null;
  ended_reason: 'handed_over' | 'taken_over' | 'finished' | 'timed_out' | 'asked_for_agent' | 'failed' | null;
  started_at: string;
  updated_at: string;
}

export interface ChatflowTables {
  chatflows: ChatflowsTable;
  chatflow_versions: ChatflowVersionsTable;
  bot_sessions: BotSessionsTable;
}
