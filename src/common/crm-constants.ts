/** Plain values shared by the server and the agent app (no zod here: the app bundle stays small). */
export const dealStages = ['new', 'qualified', 'proposal', 'won', 'lost'] as const;
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
}
export const defaultRouting: RoutingSettings = {
  mode: 'unassigned',
  userIds: [],
  teamIds: [],
  availableOnly: true,
  reassignWhenAway: false,
};
export const defaultTicketing: TicketingSettings = { enabled: false, pipelineId: null, stageId: null };
