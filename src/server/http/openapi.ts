import { z } from 'zod';
import { namedOutputs } from '../../common/api-outputs/index.js';
import type { RouteDef } from './route.js';

const schemaOf = (s: unknown) => z.toJSONSchema(s as z.ZodType, { io: 'input', unrepresentable: 'any' });
const ref = (id: string) => `#/components/schemas/${id}`;
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: ref('Error') } } } });
/** Logged in: the session cookie (the app) or an API token. */
const signedIn = [{ session: [] }, { bearer: [] }];

/**
 * The answers' JSON Schemas in one pass over a registry: the named shapes become `components.schemas`, each
 * route's answer refers to them (`$ref`), an unnamed answer gets its own schema inline.
 */
function answerSchemas(routes: RouteDef[]) {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of namedOutputs) registry.add(schema, { id });
  const nameOf = new Map([...namedOutputs].map(([id, s]) => [s, id]));
  // An unnamed answer two routes share is converted once, under the first route's name.
  for (const r of routes)
    if (r.response && !nameOf.has(r.response)) {
      nameOf.set(r.response, `answer:${r.operationId}`);
      registry.add(r.response, { id: `answer:${r.operationId}` });
    }
  const { schemas } = z.toJSONSchema(registry, { io: 'output', uri: ref, unrepresentable: 'any' }) as { schemas: Record<string, object> };
  const clean = (s: object) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema' && k !== '$id'));
  const components: Record<string, object> = {};
  for (const id of namedOutputs.keys()) components[id] = clean(schemas[id]!);
  const answerOf = (r: RouteDef): object | undefined => {
    if (!r.response) return undefined;
    const id = nameOf.get(r.response)!;
    return namedOutputs.has(id) ? { $ref: ref(id) } : clean(schemas[id]!);
  };
  return { components, answerOf };
}

/**
 * Whether a route's answer, as JSON sends it, fits the schema the document gives for it: null when it does, else the
 * route and zod's issues in words (config CHECK_ANSWERS: the tests check every answer they get).
 */
export function answerMismatch(r: RouteDef, result: unknown): string | null {
  const sent: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const check = r.response!.safeParse(sent);
  return check.success ? null : `${r.method} ${r.url} answered outside its schema: ${z.prettifyError(check.error)}`;
}

/** The OpenAPI document, generated from the same zod schemas that validate requests and (in tests) answers. */
export function openApiDocument(routes: RouteDef[], version: string, publicUrl?: string) {
  const { components, answerOf } = answerSchemas(routes);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const m of r.url.matchAll(/:(\w+)/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (r.query) {
      const js = schemaOf(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, schema });
      }
    }
    const status = String(r.status ?? 200);
    const answer = answerOf(r);
    paths[path] ??= {};
    paths[path]![r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      // Open routes (login, the session check) need no credentials; every other one takes the document's `security`.
      ...(r.auth === 'none' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body) } } } } : {}),
      responses: {
        [status]: {
          description: status === '204' ? 'Done' : 'OK',
          ...(answer || r.produces
            ? {
                content: {
                  ...(answer ? { 'application/json': { schema: answer } } : {}),
                  ...(r.produces
                    ? { [r.produces]: { schema: r.produces === 'image/*' ? { type: 'string', format: 'binary' } : { type: 'string' } } }
                    : {}),
                },
              }
            : {}),
        },
        '400': errorAnswer('Invalid input: `fields` names each bad field'),
        ...(r.auth === 'user'
          ? {
              '401': errorAnswer('Not logged in'),
              '403': errorAnswer('You may see this but not do this'),
              '404': errorAnswer('Not found (or not yours to see)'),
            }
          : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version,
      description: 'Every list answers `{ items, nextCursor }`. Realtime events: WebSocket at `/api/v1/stream`.',
    },
    servers: [{ url: publicUrl ? publicUrl.replace(/\/+$/, '') : '/' }],
    security: signedIn,
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sb_session', description: 'The session cookie logging in sets' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`POST /api/v1/tokens`)' },
      },
    },
    paths,
  };
}
