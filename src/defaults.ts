// Every default of the client, as data, each unobvious number with its reason.

/** The production server, as published. */
export const DEFAULT_BASE_URL = 'https://api.elemente.ai';

/**
 * Time allowed for one attempt, from sending the request to the last byte of
 * the response. 30 s: a call with a long transcription is still one small
 * JSON document, so an attempt that takes longer is stuck, not slow.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Retries after the first attempt: 2 gives three attempts, enough to ride out a deploy or a dropped connection. */
export const DEFAULT_MAX_RETRIES = 2;

/**
 * Statuses worth sending again: the request timed out (408), was
 * rate-limited (429), or a gateway or the server was briefly unavailable
 * (502, 503, 504). A 500 is not retried: it usually means the same request
 * fails the same way again.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** Backoff before retry n (0-based) is min(INITIAL * 2^n, MAX), less up to JITTER of it. */
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/**
 * Up to 25% is taken off each delay at random, so that clients that failed
 * together do not retry together.
 */
export const RETRY_JITTER = 0.25;

/**
 * The longest `Retry-After` the client waits for. A server that asks for
 * more is answered with the error (`RateLimitError.retryAfterMs` says how
 * long), so that a caller is never blocked for minutes without knowing.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** The longest note `UpdateCallRequest` allows, as in the contract. */
export const MAX_NOTE_LENGTH = 2000;
