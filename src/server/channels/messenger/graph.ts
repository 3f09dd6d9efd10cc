/**
 * Meta's Graph API as the Messenger channel uses it: the Send API (`POST /{version}/me/messages`),
 * the User Profile (`GET /{version}/{psid}`). Files (attachments, pictures) come through `checked-get.ts`. Every answer becomes one
 * `GraphResult`; an error says whether the connection needs an admin (`reconnect`: code 190, an
 * expired or revoked token; 10 and 200–299, a missing permission) and whether sending again can help.
 */
export const GRAPH_TIMEOUT_MS = 15_000;

export interface GraphEnv {
  url: string;
  version: string;
}

export type GraphError = { ok: false; error: string; code: number | null; reconnect: boolean; permanent: boolean };
export type GraphResult<T> = { ok: true; value: T } | GraphError;

/** A quick reply: an answer to tap, or the person's own email address or phone number as Facebook knows it. */
export type QuickReply = { content_type: 'text'; title: string; payload: string } | { content_type: 'user_email' | 'user_phone_number' };

/** Graph codes that can pass: rate limits (4, 17, 32, 613), temporary trouble (1, 2). */
const TRANSIENT = new Set([1, 2, 4, 17, 32, 613]);

/** Whether a Graph error code means the Page's token or its permissions no longer work. */
export const needsReconnect = (code: number | null): boolean =>
  code === 190 || code === 10 || (code !== null && code >= 200 && code <= 299);

export function graphError(status: number, body: unknown): GraphError {
  const e = (body as { error?: { message?: unknown; code?: unknown; error_subcode?: unknown } } | null)?.error;
  const code = typeof e?.code === 'number' ? e.code : null;
  const message = typeof e?.message === 'string' ? e.message.slice(0, 300) : `Graph answered HTTP ${status}`;
  const error = code === null ? message : `${message} (code ${code}${typeof e?.error_subcode === 'number' ? `/${e.error_subcode}` : ''})`;
  const reconnect = needsReconnect(code);
  const transient = status >= 500 || status === 429 || (code !== null && TRANSIENT.has(code));
  return { ok: false, error, code, reconnect, permanent: reconnect || !transient };
}

function networkError(err: unknown): GraphError {
  const e = err as Error & { cause?: { code?: string } };
  const error =
    e.name === 'TimeoutError' || e.name === 'AbortError'
      ? `no answer from Graph within ${GRAPH_TIMEOUT_MS / 1000} s`
      : `could not reach Graph (${e.cause?.code ?? e.message})`;
  return { ok: false, error, code: null, reconnect: false, permanent: false };
}

async function call<T>(env: GraphEnv, path: string, token: string, init: RequestInit = {}): Promise<GraphResult<T>> {
  const sep = path.includes('?') ? '&' : '?';
  const url = `${env.url}/${env.version}/${path}${sep}access_token=${encodeURIComponent(token)}`;
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS) });
  } catch (err) {
    return networkError(err);
  }
  const text = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* judged by the status below */
  }
  if (!res.ok || (json as { error?: unknown } | null)?.error) return graphError(res.status, json);
  if (json === null || typeof json !== 'object')
    return { ok: false, error: 'Graph answered without JSON', code: null, reconnect: false, permanent: false };
  return { ok: true, value: json as T };
}

/** One message to a person (their PSID) through the Send API; answers Graph's message id (the `mid`). */
export async function sendMessage(
  env: GraphEnv,
  token: string,
  body: {
    recipient: { id: string };
    message?: { text: string; quick_replies?: QuickReply[] };
    sender_action?: string;
    messaging_type?: string;
    tag?: string;
  },
): Promise<GraphResult<{ messageId: string | null }>> {
  const r = await call<{ message_id?: unknown }>(env, 'me/messages', token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return r.ok ? { ok: true, value: { messageId: typeof r.value.message_id === 'string' ? r.value.message_id : null } } : r;
}

export interface GraphProfile {
  firstName: string | null;
  lastName: string | null;
  profilePic: string | null;
}

/** The User Profile of a PSID: name and picture. */
export async function fetchProfile(env: GraphEnv, token: string, psid: string): Promise<GraphResult<GraphProfile>> {
  const r = await call<Record<string, unknown>>(env, `${encodeURIComponent(psid)}?fields=first_name,last_name,profile_pic`, token);
  if (!r.ok) return r;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : null);
  return {
    ok: true,
    value: { firstName: str(r.value.first_name), lastName: str(r.value.last_name), profilePic: str(r.value.profile_pic) },
  };
}
