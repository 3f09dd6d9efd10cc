/** Typed domain errors; the HTTP layer maps each code to a status. */
import type { FieldError, FieldErrorCode } from '../../common/field-errors.js';

export type ErrorCode = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field path -> message, for inline form errors. */
    readonly fields?: Record<string, string>,
    /** Field path -> its code and parameters, for the app to word (a field without one answers `invalid`). */
    readonly fieldErrors?: Record<string, FieldError>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new DomainError('not_found', what);
export const forbidden = (why: string) => new DomainError('forbidden', why);
/** A refused field: its English message, and a code (+ params) when the app has words for it. */
export const invalid = (field: string, message: string, code: FieldErrorCode = 'invalid', params?: FieldError['params']) =>
  new DomainError('invalid', `${field}: ${message}`, { [field]: message }, { [field]: params ? { code, params } : { code } });
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field ? { [field]: message } : undefined);
