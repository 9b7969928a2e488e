export type DomainErrorCode = 'not_found' | 'forbidden' | 'unauthorized' | 'invalid' | 'conflict' | 'too_large' | 'rate_limited' | 'gone'

/**
 * A refusal the visitor should read: domain functions throw it, and one
 * helper (`toResponse`) turns its code into an HTTP status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message = defaultMessages[code],
    readonly fields: Record<string, string> = {},
    /** Where the reader can lift the refusal (confirm their address…), shown as a link beside the message. */
    readonly help?: { label: string; href: string },
  ) {
    super(message)
  }
}

const defaultMessages: Record<DomainErrorCode, string> = {
  not_found: 'That page does not exist, or you cannot see it.',
  forbidden: 'You are not allowed to do that.',
  unauthorized: 'Please sign in first.',
  invalid: 'Please check the form.',
  conflict: 'That conflicts with what is already there.',
  too_large: 'That is too large.',
  rate_limited: 'Too many attempts. Please wait a little and try again.',
  gone: 'That link no longer works.',
}

export const statusFor: Record<DomainErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  unauthorized: 401,
  invalid: 400,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  gone: 410,
}

/** A refusal that lifts by itself: the response says when (Retry-After). */
export class RateLimited extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message)
  }
}
