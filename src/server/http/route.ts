import type { FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import type { Actor } from '../permissions/policy.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInput<B, Q, P> {
  actor: Actor;
  body: B;
  query: Q;
  params: P;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDef<B = any, Q = any, P = any, R = any> {
  method: Method;
  url: string;
  /** The OpenAPI operationId: a unique camelCase verb phrase (`listConversations`), what generated clients name the call. */
  operationId: string;
  summary: string;
  tag: string;
  /** 'user': a session cookie or an API token; 'none': open (login, docs). */
  auth: 'user' | 'none';
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /** The JSON answer's schema (OpenAPI documents it; in tests every answer is checked against it). None for 204 and files. */
  response?: ZodType<R>;
  /** Success status; 204 sends no body. */
  status?: 200 | 201 | 204;
  rateLimit?: { max: number; timeWindow: string };
  /**
   * A route answering plain text (a webhook handshake) or an image file instead of JSON: documented so, no `response` schema;
   * `text/csv`: as well as its JSON (`format=csv`); `text/html`: a document download (a contact's export, `format=html`).
   */
  produces?: 'text/plain' | 'image/*' | 'text/csv' | 'text/html';
  /** Largest body in bytes, when not the default (uploads). Routes open to anyone get a small default. */
  bodyLimit?: number;
  /** `bodyLimit` is for multipart bodies only (a form's files): any other body stays within the small default of open routes. */
  largeBodyMultipartOnly?: boolean;
  /** The JSON body's bytes as received are kept as `req.rawBody` (a signature over them); no other route holds them. */
  keepRawBody?: true;
  handler: (input: RouteInput<B, Q, P>) => Promise<R>;
}

/** Declares a route with its schemas: the server registers it, OpenAPI documents it, the permission matrix tests it. */
export function route<B = undefined, Q = undefined, P = undefined, R = unknown>(def: RouteDef<B, Q, P, R>): RouteDef<B, Q, P, R> {
  return def;
}

export const idParams = z.object({ id: z.string().min(1).max(64) });
export const listOf = <T>(items: T[]) => ({ items, nextCursor: null });
