// The fetch function openapi-fetch calls: it adds the credentials, bounds
// each attempt with a timeout, retries what is safe to retry, and turns
// transport failures into typed errors. The high-level methods and `raw`
// share it, so both behave the same.
import { MAX_RETRY_AFTER_MS, RETRYABLE_STATUSES } from './defaults.js';
import { ConnectionError } from './errors/ConnectionError.js';
import { TimeoutError } from './errors/TimeoutError.js';
import type { RequestContext } from './errors/RequestError.js';
import { computeBackoff } from './helpers/computeBackoff.js';
import { parseRetryAfter } from './helpers/parseRetryAfter.js';
import { describeRequestUrl } from './operations.js';

export type FetchFunction = (input: Request) => Promise<Response>;

export interface TransportSettings {
  fetch: FetchFunction;
  /** The `Authorization` header value, built once per client; undefined sends none. */
  authorization: string | undefined;
  userAgent: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  /** The path of the base URL, so that errors can name the operation. */
  basePath: string;
}

type Attempt = { response: Response; error?: never } | { error: ConnectionError | TimeoutError; response?: never };

// Statuses whose responses cannot carry a body (the Response constructor refuses one).
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it is
 * aborted. Node's fetch can leave a body read pending forever after an abort
 * (a body in a broken Content-Encoding, ended by closing the connection), and
 * an injected fetch may ignore the signal altogether: the timeout must not
 * depend on either honouring it.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A short reason for a failed fetch, from the system error code when there is one (ECONNRESET, ENOTFOUND...). */
function describeFailure(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  // Node's fetch turns a 407 from a proxy into a failure with an empty message.
  const reason = message.trim() || 'the connection failed and gave no reason (a proxy answering 407 does this)';
  return code && !reason.includes(code) ? `${reason} (${code})` : reason;
}

/** Sends one attempt and reads the whole body, all within the timeout. */
async function attempt(settings: TransportSettings, build: (signal: AbortSignal) => Request, caller: AbortSignal, context: RequestContext, timeoutMs: number): Promise<Attempt> {
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', onCallerAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await untilAborted(settings.fetch(build(controller.signal)), controller.signal);
    // Read the body here, under the same timeout: a server that sends its
    // headers and then stalls is a timeout, and a connection reset mid-body
    // is a connection error that can be retried.
    const body = NULL_BODY_STATUSES.has(response.status) ? null : await untilAborted(response.arrayBuffer(), controller.signal);
    const headers = new Headers(response.headers);
    // The body is now decoded and complete; these described the wire form.
    headers.delete('content-encoding');
    headers.delete('content-length');
    return { response: new Response(body, { status: response.status, statusText: response.statusText, headers }) };
  } catch (error) {
    if (caller.aborted) throw caller.reason;
    if (timedOut) return { error: new TimeoutError(context, timeoutMs) };
    return { error: new ConnectionError(context, describeFailure(error), { cause: error }) };
  } finally {
    clearTimeout(timer);
    caller.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * Creates the fetch function for openapi-fetch. `overrides.timeoutMs`
 * replaces the client's timeout for the requests it sends.
 */
export function createTransport(settings: TransportSettings, overrides: { timeoutMs?: number } = {}): (input: Request) => Promise<Response> {
  const timeoutMs = overrides.timeoutMs ?? settings.timeoutMs;
  return async function send(input: Request): Promise<Response> {
    const caller = input.signal;
    const context = describeRequestUrl(input.method, input.url, settings.basePath);
    // Read the body once, so that every attempt can send it again.
    const body = input.body ? await input.arrayBuffer() : undefined;
    const headers = new Headers(input.headers);
    if (settings.authorization !== undefined) headers.set('authorization', settings.authorization);
    if (settings.userAgent !== undefined) headers.set('user-agent', settings.userAgent);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const build = (signal: AbortSignal) =>
      new Request(input.url, { method: input.method, headers, body: body ?? null, signal, redirect: input.redirect });

    for (let retry = 0; ; retry += 1) {
      if (caller.aborted) throw caller.reason;
      const outcome = await attempt(settings, build, caller, context, timeoutMs);
      const retryable = outcome.error !== undefined || RETRYABLE_STATUSES.has(outcome.response.status);
      if (retryable && retry < settings.maxRetries) {
        const asked = outcome.response ? parseRetryAfter(outcome.response.headers.get('retry-after')) : undefined;
        // A server that asks for a longer wait than we allow gets its answer back to the caller now.
        if (asked === undefined || asked <= MAX_RETRY_AFTER_MS) {
          await sleep(asked ?? computeBackoff(retry), caller);
          continue;
        }
      }
      if (outcome.error) throw outcome.error;
      return outcome.response;
    }
  };
}
