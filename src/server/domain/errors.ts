/** Typed domain errors; the HTTP layer maps each code to a status. */
export type ErrorCode = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field path -> message, for inline form errors. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new DomainError('not_found', what);
export const forbidden = (why: string) => new DomainError('forbidden', why);
export const invalid = (field: string, message: string) => new DomainError('invalid', `${field}: ${message}`, { [field]: message });
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field ? { [field]: message } : undefined);
