/** The answers of the REST API as zod schemas: the OpenAPI document's response schemas, checked against real answers in tests. */
export * from './conversations.js';
export * from './team.js';
export * from './crm.js';
export * from './channels.js';
export * from './webhooks.js';
export * from './notifications.js';
export * from './slack.js';
export * from './push.js';
export * from './forms.js';
export * from './chatflows.js';
export * from './business-hours.js';
export * from './reports.js';
export { ErrorOut, namedOutputs, pageOf } from './shared.js';
export * from './privacy.js';
export * from './exports.js';
export * from './imports.js';
