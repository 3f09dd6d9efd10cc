/**
 * Shapes shared by the server, the agent app and integrations (REST and stream), one file per concern;
 * import them from here. Contacts, tickets and routing are in `crm-api.ts`.
 */
export {
  channelKinds,
  folders,
  locales,
  roles,
  viewNames,
  type ChannelKind,
  type Folder,
  type Page,
  type Role,
  type ViewName,
} from './api-fields.js';
export * from './team-api.js';
export * from './conversation-api.js';
export * from './email-api.js';
export * from './saved-text-api.js';
export * from './access-api.js';
export * from './settings-api.js';
export * from './slack-api.js';
export * from './form-api.js';
export * from './messenger-api.js';
