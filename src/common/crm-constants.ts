/** Plain values shared by the server and the agent app (no zod here: the app bundle stays small). */
export const dealStages = ['new', 'qualified', 'proposal', 'won', 'lost'] as const;
/** The default pipeline's stages (migration 020): a stage with a key is shown in the reader's language. */
export const ticketStageKeys = ['new', 'waiting_contact', 'waiting_us', 'closed'] as const;
export type TicketStageKey = (typeof ticketStageKeys)[number];
export const routingModes = ['unassigned', 'specific', 'contact_owner'] as const;

export interface RoutingSettings {
  mode: (typeof routingModes)[number];
  userIds: string[];
  teamIds: string[];
  availableOnly: boolean;
  reassignWhenAway: boolean;
}
export interface TicketingSettings {
  enabled: boolean;
  pipelineId: string | null;
  stageId: string | null;
  /** The ticket owner; null: the conversation's owner. */
  ownerId: string | null;
}
export const defaultRouting: RoutingSettings = {
  mode: 'unassigned',
  userIds: [],
  teamIds: [],
  availableOnly: true,
  reassignWhenAway: false,
};
export const defaultTicketing: TicketingSettings = { enabled: false, pipelineId: null, stageId: null, ownerId: null };
