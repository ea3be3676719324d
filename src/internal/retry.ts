// When to send a request again, as one pure decision (retryDelay), and the
// pieces it is made of: the backoff, the server's Retry-After, and a wait
// that the caller's signal can cut short.
import { ConnectionError, type TimeoutError } from '../errors.js';
import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_AFTER_MS, MAX_RETRY_DELAY_MS, RETRY_JITTER, RETRYABLE_STATUSES } from './defaults.js';
import type { BufferedResponse } from './request.js';

/** How an attempt ended: an answer (its body read), or the failure to get one. */
export type AttemptEnd = Pick<BufferedResponse, 'status' | 'headers'> | ConnectionError | TimeoutError;

export interface RetryPolicy {
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** For the backoff's jitter; Math.random by default. */
  random?: () => number;
  /** The time a Retry-After date is counted from; Date.now() by default. */
  now?: number;
}

/**
 * System errors that prove a request never reached the server: the
 * connection was refused, or the host name did not resolve. A reset or a
 * timeout may come after the server acted on it.
 */
const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** False only for a failure that proves nothing of the request left: a refused connection or a name that did not resolve. */
export function mayHaveReachedServer(end: AttemptEnd): boolean {
  return !(end instanceof ConnectionError && NEVER_SENT.has(end.code ?? ''));
}

/**
 * The wait in milliseconds before sending the request again after attempt
 * number `attempt` (1 for the first), or undefined when it must not be sent
 * again. The README's rules:
 * - only after a connection failure, a timeout, or a status of RETRYABLE_STATUSES, and at most `maxRetries` times;
 * - an idempotent method (RFC 9110 9.2.2: any but POST and PATCH) after any of these;
 * - any other (a create) only when it provably never reached the server
 *   (`mayHaveReachedServer` false: a refused connection or a failed DNS
 *   lookup), or after a 429, which says the server did not act on it;
 * - the wait is the server's `Retry-After` when it sent one, else the backoff;
 *   a `Retry-After` over MAX_RETRY_AFTER_MS is not waited for.
 */
export function retryDelay(attempt: number, end: AttemptEnd, method: string, mayHaveReachedServer: boolean, policy: RetryPolicy): number | undefined {
  const status = end instanceof Error ? undefined : end.status;
  if ((status !== undefined && !RETRYABLE_STATUSES.has(status)) || attempt > policy.maxRetries) return undefined;
  if (mayHaveReachedServer && status !== 429 && (method === 'POST' || method === 'PATCH')) return undefined;
  const asked = end instanceof Error ? undefined : parseRetryAfter(end.headers.get('retry-after'), policy.now);
  if (asked === undefined) return computeBackoff(attempt - 1, policy.random);
  return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
}

/** The wait before retry number `retry` (0 for the first): exponential, capped, with up to RETRY_JITTER of it taken off at random. */
export function computeBackoff(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - RETRY_JITTER * random()));
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: a number of
 * seconds (`120`) or an HTTP date, counted from `now` (a past date is 0).
 * Undefined for a missing or malformed header.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only dates that name a day and a time, in the three forms RFC 9110 (5.6.7)
  // makes a recipient accept; Date.parse alone takes "1" or "2026" as dates.
  if (!/^[A-Za-z]{3,9},? .*\d{2}:\d{2}:\d{2}/.test(text)) return undefined;
  // asctime names no zone, and Date.parse would read it as local time; HTTP dates are GMT.
  const at = Date.parse(/\b(GMT|UTC)\b/.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Resolves after `ms`, or rejects with the signal's reason once it aborts.
 * It listens on a signal derived from the caller's, so that one signal
 * shared by many calls does not collect a listener per waiting call.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!signal) return void setTimeout(resolve, ms);
    if (signal.aborted) return reject(signal.reason);
    const own = AbortSignal.any([signal]);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      own.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    own.addEventListener('abort', onAbort, { once: true });
  });
}
