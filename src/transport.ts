// Sending a request: the transport adds the credentials, bounds each attempt
// with a timeout, retries what is safe to retry, and turns transport failures
// into typed errors. The high-level methods call `send` directly; `raw`
// (openapi-fetch) calls it through `createTransport`, the same function
// behind fetch's signature, so both behave the same.
import { MAX_RETRY_AFTER_MS, RETRYABLE_STATUSES } from './defaults.js';
import { ConnectionError } from './errors/ConnectionError.js';
import { TimeoutError } from './errors/TimeoutError.js';
import type { RequestContext } from './errors/RequestError.js';
import { HEADER_NAME } from './helpers/assertHeaderValue.js';
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

// Statuses whose responses cannot carry a body (the Response constructor refuses one).
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

// RFC 9112 and 9110: a reason phrase or a field value holds no control
// character but HTAB (a field name must be a token, HEADER_NAME).
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * What is wrong with a response's status line or headers, if anything.
 * Node's HTTP parser lets some malformed heads through (status 600, a control
 * character in the reason, a space before a header's colon) that the fetch standard's
 * Response and Headers constructors refuse; the reason and header values also
 * go into error messages, where a control character could rewrite a log line.
 */
function findMalformedHead(response: Response): string | undefined {
  // Three digits (RFC 9110, 15), and fetch hands over no 1xx but 101, which has no place here.
  if (response.status < 200 || response.status > 599) return `status ${response.status}, outside 200 to 599`;
  if (CONTROL_CHARACTER.test(response.statusText)) return 'a control character in the reason phrase';
  for (const [name, value] of response.headers) {
    if (!HEADER_NAME.test(name)) return 'a header name that is not a token';
    if (CONTROL_CHARACTER.test(value)) return 'a control character in a header value';
  }
  return undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it is aborted. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
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

/**
 * A request as the transport sends it. `headers` become the transport's: it
 * adds the credentials, the user agent and a default `accept` to them.
 */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Headers;
  /** Kept as bytes or text so that every attempt can send it again. */
  body: ArrayBuffer | string | undefined;
  /** The caller's signal: aborting it stops the attempt under way and any wait for the next. */
  signal: AbortSignal | undefined;
  redirect?: RequestRedirect | undefined;
}

/** A response whose body was read in full within the timeout. */
export interface ReadResponse {
  /** Status and headers as received; its body has been consumed into `body`. */
  response: Response;
  body: ArrayBuffer | null;
}

type Attempt = { read: ReadResponse; error?: never } | { error: ConnectionError | TimeoutError; read?: never };

/** Sends one attempt and reads the whole body, all within the timeout. */
async function attempt(settings: TransportSettings, request: OutgoingRequest, context: RequestContext, timeoutMs: number): Promise<Attempt> {
  const caller = request.signal;
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const { method, url, headers, body, redirect } = request;
    const sent = new Request(url, { method, headers, body: body ?? null, signal: controller.signal, ...(redirect ? { redirect } : {}) });
    const exchange = async (): Promise<ReadResponse> => {
      const response = await settings.fetch(sent);
      const malformed = findMalformedHead(response);
      if (malformed !== undefined) {
        void response.body?.cancel().catch(() => undefined);
        throw new Error(`the server sent a malformed response head (${malformed})`);
      }
      // Read the body here, under the same timeout: a server that sends its
      // headers and then stalls is a timeout, and a connection reset mid-body
      // is a connection error that can be retried.
      return { response, body: NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer() };
    };
    return { read: await untilAborted(exchange(), controller.signal) };
  } catch (error) {
    if (caller?.aborted) throw caller.reason;
    if (timedOut) return { error: new TimeoutError(context, timeoutMs) };
    return { error: new ConnectionError(context, describeFailure(error), { cause: error }) };
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * Sends `request` with the client's credentials, retrying what is safe to
 * retry, and returns the last answer with its body read. Transport failures
 * reject with ConnectionError or TimeoutError; a caller's abort rejects with
 * the signal's reason.
 */
export async function send(settings: TransportSettings, request: OutgoingRequest, context: RequestContext, timeoutMs: number = settings.timeoutMs): Promise<ReadResponse> {
  const { headers, signal: caller } = request;
  if (settings.authorization !== undefined) headers.set('authorization', settings.authorization);
  if (settings.userAgent !== undefined) headers.set('user-agent', settings.userAgent);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  for (let retry = 0; ; retry += 1) {
    if (caller?.aborted) throw caller.reason;
    const outcome = await attempt(settings, request, context, timeoutMs);
    const retryable = outcome.error !== undefined || RETRYABLE_STATUSES.has(outcome.read.response.status);
    if (retryable && retry < settings.maxRetries) {
      const asked = outcome.read ? parseRetryAfter(outcome.read.response.headers.get('retry-after')) : undefined;
      // A server that asks for a longer wait than we allow gets its answer back to the caller now.
      if (asked === undefined || asked <= MAX_RETRY_AFTER_MS) {
        await sleep(asked ?? computeBackoff(retry), caller);
        continue;
      }
    }
    if (outcome.error) throw outcome.error;
    return outcome.read;
  }
}

/** Creates the fetch function for openapi-fetch (the `raw` client): `send` behind the fetch signature. */
export function createTransport(settings: TransportSettings): (input: Request) => Promise<Response> {
  return async function fetchThroughTransport(input: Request): Promise<Response> {
    const context = describeRequestUrl(input.method, input.url, settings.basePath);
    const request: OutgoingRequest = {
      method: input.method,
      url: input.url,
      headers: new Headers(input.headers),
      body: input.body ? await input.arrayBuffer() : undefined,
      signal: input.signal,
      redirect: input.redirect,
    };
    const { response, body } = await send(settings, request, context);
    const headers = new Headers(response.headers);
    // The body is now decoded and complete; these described the wire form.
    headers.delete('content-encoding');
    headers.delete('content-length');
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}
