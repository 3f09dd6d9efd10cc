/** Typed domain errors; the HTTP layer maps each code to a status. */
import type { FieldError, FieldErrorCode } from '../../common/field-errors.js';
import type { Refusal, RefusalReason } from '../../common/refusals.js';

export type ErrorCode = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field path -> message, for inline form errors. */
    readonly fields?: Record<string, string>,
    /** Field path -> its code and parameters, for the app to word (a field without one answers `invalid`). */
    readonly fieldErrors?: Record<string, FieldError>,
    /** Why a 403 or 409 was refused, as a code the app words (`common/refusals.ts`). */
    readonly refusal?: Refusal,
  ) {
    super(message);
  }
}

const refusalOf = (reason: RefusalReason, params?: Refusal['params']): Refusal => (params ? { reason, params } : { reason });

export const notFound = (what = 'Not found') => new DomainError('not_found', what);
/** A 403: the reason's code for the app, its English `why` for API users. */
export const forbidden = (reason: RefusalReason, why: string) => new DomainError('forbidden', why, undefined, undefined, refusalOf(reason));
/** A refused field: its English message, and a code (+ params) when the app has words for it. */
export const invalid = (field: string, message: string, code: FieldErrorCode = 'invalid', params?: FieldError['params']) =>
  new DomainError('invalid', `${field}: ${message}`, { [field]: message }, { [field]: params ? { code, params } : { code } });
/** A 409: the reason's code (+ params) for the app, its English message for API users, the field it concerns if any. */
export const conflict = (reason: RefusalReason, message: string, opts: { field?: string; params?: Refusal['params'] } = {}) =>
  new DomainError('conflict', message, opts.field ? { [opts.field]: message } : undefined, undefined, refusalOf(reason, opts.params));
