// waitForCall: polling getCall until a condition holds, by default until the
// call's status is final. No webhooks are published, so polling is the way.
import type { Call } from '../../generated/schema.js';
import { ApiError, TimeoutError, WaitTimeoutError } from '../errors.js';
import type { WithResponse } from '../options.js';
import { assertCallId, assertWholeNumber, throwInvalid } from './checks.js';
import { MAX_TIMEOUT_MS } from './defaults.js';
import { parseRetryAfter, sleep } from './retry.js';
import { isFinalStatus } from './statuses.js';

export interface WaitForCallOptions {
  /** The condition to wait for. @default (call) => isFinalStatus(call.status) */
  until?: ((call: Call) => boolean) | undefined;
  /** Between two reads, unless the server asks for longer with Retry-After. @default 2000 */
  intervalMs?: number | undefined;
  /** The deadline, from the call of waitForCall; then it rejects with WaitTimeoutError. @default 600000 (10 minutes) */
  timeoutMs?: number | undefined;
  /** Stops waiting; waitForCall rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

const DEFAULT_INTERVAL_MS = 2_000;
const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;
const WAIT_OPTIONS = ['until', 'intervalMs', 'timeoutMs', 'signal'];

/** Reads the call with its answer's headers, for Retry-After. */
type Read = (id: string, options: { signal?: AbortSignal; timeoutMs?: number }) => Promise<WithResponse<Call>>;

/** Waits as WaitForCallOptions say; `readTimeoutMs` is the client's timeout of each read. */
export async function waitForCall(read: Read, id: string, options: WaitForCallOptions | undefined, readTimeoutMs: number): Promise<Call> {
  assertCallId(id);
  options ??= {};
  if (typeof options !== 'object' || options === null) throwInvalid('options', 'must be an object');
  for (const key of Object.keys(options)) if (!WAIT_OPTIONS.includes(key)) throwInvalid(key, `is not an option of waitForCall (${WAIT_OPTIONS.join(', ')})`);
  const { until = (call: Call) => isFinalStatus(call.status), intervalMs = DEFAULT_INTERVAL_MS, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, signal } = options;
  if (typeof until !== 'function') throwInvalid('until', 'must be a function');
  assertWholeNumber('intervalMs', intervalMs, 0, MAX_TIMEOUT_MS);
  assertWholeNumber('timeoutMs', timeoutMs, 1, MAX_TIMEOUT_MS);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throwInvalid('signal', 'must be an AbortSignal');
  const deadline = Date.now() + timeoutMs;
  let lastCall: Call | undefined;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitTimeoutError(id, timeoutMs, lastCall);
    let wait = intervalMs;
    // No read outlives the deadline: the last one's timeout is what is left.
    const byDeadline = left < readTimeoutMs;
    try {
      const { data, headers } = await read(id, { ...(signal ? { signal } : {}), ...(byDeadline ? { timeoutMs: left } : {}) });
      lastCall = data;
      if (until(data)) return data;
      wait = Math.max(wait, parseRetryAfter(headers.get('retry-after')) ?? 0);
    } catch (error) {
      // A read cut short by the deadline is the wait's timeout.
      if (error instanceof TimeoutError && byDeadline) throw new WaitTimeoutError(id, timeoutMs, lastCall);
      // A 429 or 503 whose retries are used up: wait as the server asked, then read again. Anything else ends the wait.
      if (!(error instanceof ApiError && (error.status === 429 || error.status === 503))) throw error;
      wait = Math.max(wait, error.retryAfterMs ?? 0);
    }
    const remaining = deadline - Date.now();
    if (wait >= remaining) {
      await sleep(Math.max(0, remaining), signal);
      throw new WaitTimeoutError(id, timeoutMs, lastCall);
    }
    await sleep(wait, signal);
  }
}
