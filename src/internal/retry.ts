// When to send a request again: the backoff, the server's Retry-After, and
// a wait that the caller's signal can cut short.
import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, RETRY_JITTER } from './defaults.js';

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
