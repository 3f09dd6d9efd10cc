/** Same-origin JSON requests to /api/v1, with one error type and one place that reports failures. */
import type { FieldError } from '../../common/field-errors.js';
import type { Refusal } from '../../common/refusals.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field path -> the API's English text. */
    readonly fields: Record<string, string> = {},
    /** Field path -> its code and parameters, for writing it in the user's language. */
    readonly fieldCodes: Record<string, FieldError> = {},
    /** Why a 403 or 409 was refused, as the API's code (`common/refusals.ts`). */
    readonly refusal?: Refusal,
    /** The API's English text (`message` is the text in the user's language once the app wired its wording). */
    readonly english = message,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** Statuses the caller handles itself: no toast for them. */
  quiet?: number[];
}

type FailureListener = (error: ApiError) => void;
/** Writes a field error in the user's language from its code; `english` is the API's text (for codes without words). */
type FieldWording = (error: FieldError, english: string) => string;
let wordField: FieldWording = (_e, english) => english;
/** Writes a refusal (a non-field answer) in the user's language from its status and reason; `english` is the API's text. */
type RefusalWording = (status: number, refusal: Refusal | undefined, english: string) => string;
let wordRefusal: RefusalWording = (_s, _r, english) => english;

/** The app wires the user's language here (see `fieldErrorText`). */
export function setFieldWording(f: FieldWording): void {
  wordField = f;
}

/** The app wires the user's language for refusals here (see `refusalText`). */
export function setRefusalWording(f: RefusalWording): void {
  wordRefusal = f;
}
let onFailure: FailureListener = () => {};
let onUnauthorized: () => void = () => {};

/** The app wires toasts and the login redirect here. */
export function setFailureHandlers(failure: FailureListener, unauthorized: () => void): void {
  onFailure = failure;
  onUnauthorized = unauthorized;
}

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    const err = new ApiError(0, 'network', 'network');
    onFailure(err);
    throw err;
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  let data: Partial<Refusal> & {
    error?: string;
    message?: string;
    fields?: Record<string, string>;
    fieldErrors?: Record<string, FieldError>;
  } = {};
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  const english = data.message ?? res.statusText;
  const refusal: Refusal | undefined = data.reason ? { reason: data.reason, params: data.params } : undefined;
  // A refusal that names no field reads in the user's language wherever a screen shows the error's message.
  const fieldless = !data.fields || !Object.keys(data.fields).length || res.status !== 400;
  const message = fieldless ? wordRefusal(res.status, refusal, english) : english;
  const err = new ApiError(res.status, data.error ?? 'error', message, data.fields ?? {}, data.fieldErrors ?? {}, refusal, english);
  if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorized();
  else if (!opts.quiet?.includes(res.status)) onFailure(err);
  throw err;
}

export const api = {
  get: <T>(path: string, query: Query = {}, opts?: RequestOptions) => request<T>('GET', withQuery(path, query), undefined, opts),
  post: <T>(path: string, body: unknown = {}, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  del: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('DELETE', path, body, opts),
};

/** Field errors of a 400 answer in the user's language (from their codes), or none. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || e.status !== 400) return {};
  return Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, e.fieldCodes[k] ? wordField(e.fieldCodes[k], v) : v]));
}

/** A refusal shown as one line (a form with a single error place): its first field error, else its message. */
export function errorMessage(e: unknown): string {
  return Object.values(fieldErrors(e))[0] ?? String((e as Error).message);
}
