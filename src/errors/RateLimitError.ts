import { ApiError, type ApiErrorDetails } from './ApiError.js';

/** 429: too many requests. `retryAfterMs` is the server's `Retry-After`, when it sent one. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';

  constructor(
    details: ApiErrorDetails,
    readonly retryAfterMs: number | undefined,
  ) {
    super(details);
  }
}
