// Every default and limit of the client, each unobvious number with its reason.

/**
 * This package's version, for the default User-Agent: stamped from
 * package.json by the build (tsup `define`). The mock run from src/ (npm
 * start) loads this module too, unbuilt, where nothing stamps it.
 */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : 'unbuilt';

/** The production server, as published. */
export const DEFAULT_BASE_URL = 'https://api.elemente.ai';

/**
 * Time allowed for one attempt, from sending the request to the last byte of
 * the response. 30 s: even a list of calls with transcripts is a few
 * megabytes of JSON, so an attempt that takes longer is stuck, not slow.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The longest timer a JavaScript runtime keeps (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Retries after the first attempt: 2 gives three attempts, enough to ride out a deploy or a dropped connection. */
export const DEFAULT_MAX_RETRIES = 2;

/**
 * Statuses worth sending again: the request timed out (408), was
 * rate-limited (429), or a gateway or the server was briefly unavailable
 * (502, 503, 504). A 500 usually fails the same way again.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** Backoff before retry n (0-based) is min(INITIAL * 2^n, MAX), less up to JITTER of it at random, so that clients that failed together do not retry together. */
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
export const RETRY_JITTER = 0.25;

/**
 * The longest `Retry-After` the client waits for. A server that asks for
 * more gets the error back to the caller at once, with `retryAfterMs`, so
 * that nobody is blocked for minutes without knowing.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The largest response body read, counted after decompression: 32 MiB. The
 * largest realistic answer is a list of calls without pagination; a busy day
 * of 2,000 calls at 16 kB each (a long transcript and its messages) is 32 MB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** How much of an error body is read and kept on the error: an `ErrorResponse` is a few hundred bytes, an HTML error page need not be kept whole. */
export const MAX_ERROR_BODY_BYTES = 8 * 1024;

/**
 * Credentials shorter than this are not searched for in what the server
 * sends back: a 1- to 3-character string matches ordinary text by chance,
 * and blanking every match would garble the text and reveal the credential
 * by its gaps. The Basic token (Base64 of `username:password`) is always
 * at least 4 characters, so it is always searched for.
 */
export const MIN_REDACTED_LENGTH = 4;

/**
 * The shortest end of a text that is blanked as the start of a credential:
 * 4 units, one Base64 group. A text cut short (by the client's limits, or
 * sent short by the server) must not keep most of a credential.
 */
export const MIN_REDACTED_PREFIX = 4;

/**
 * The longest username or password accepted: 4 KiB. Servers refuse a
 * larger Authorization header anyway (8 KiB of headers is a common limit).
 */
export const MAX_CREDENTIAL_LENGTH = 4096;
