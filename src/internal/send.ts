// The transport: sending one request, each attempt bounded by a timeout and
// by the size of what it reads, sent again when retry.ts says so, never
// redirected, and every failure to get an answer turned into a typed error.
// What the answer means is answer.ts's to say.
import { type ApiError, ConnectionError, ElementeError, type RequestContext, ResponseTooLargeError, TimeoutError } from '../errors.js';
import type { AttemptEvent } from '../options.js';
import { CONTROL_CHARACTER, TOKEN } from './checks.js';
import type { ClientConfig } from './config.js';
import { MAX_ERROR_BODY_BYTES } from './defaults.js';
import { sanitizeCause } from './redact.js';
import type { BufferedResponse, OutgoingRequest } from './request.js';
import { requestIdOf, toApiError } from './response.js';
import { mayHaveReachedServer, retryDelay, sleep } from './retry.js';

const noop = () => undefined;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A fetch failure or one of its causes, as read by findInCauses. */
type Link = { name?: unknown; message?: unknown; code?: unknown };

/** The first thing `pick` finds in a fetch failure or its causes: undici says what failed on the cause (an AggregateError when several addresses failed). */
function findInCauses<T>(error: unknown, pick: (link: Link) => T | undefined): T | undefined {
  try {
    for (let current = error, depth = 0; current && depth < 3; current = (current as { cause?: unknown }).cause, depth += 1) {
      const found = pick(current as Link);
      if (found !== undefined) return found;
    }
  } catch {
    // A hostile fetch's error whose getters throw: nothing found.
  }
  return undefined;
}

/**
 * Reads the body as text, up to `limit` bytes after decompression, streamed
 * and counted: reading stops, and the stream is cancelled, past the limit,
 * so that a decompression bomb never grows in memory.
 */
async function readText(body: ReadableStream<Uint8Array>, limit: number): Promise<{ text: string; complete: boolean }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - total));
      total = limit;
      reader.cancel().catch(noop);
      return { text: decode(chunks, total), complete: false };
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return { text: decode(chunks, total), complete: true };
}

function decode(chunks: Uint8Array[], total: number): string {
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(bytes);
}

const NOT_A_TOKEN = 'a header name that is not a token';
const CONTROL_IN_VALUE = 'a control character in a header value';

/**
 * What is wrong with a response's head, if anything: a status outside 200 to
 * 599 (fetch hands over no other 1xx than 101, which has no place here), a
 * control character in the reason phrase or a header value, or a header name
 * that is not a token. Node's parser lets these through; a browser's fetch
 * fails on them, and so does the client, the same way everywhere.
 */
function malformedHead(response: Response): string | undefined {
  if (response.status < 200 || response.status > 599) return `status ${response.status}, outside 200 to 599`;
  if (CONTROL_CHARACTER.test(response.statusText)) return 'a control character in the reason phrase';
  let found: string | undefined;
  // forEach, which hands over each pair without making an array of it.
  response.headers.forEach((value, name) => {
    found ??= !TOKEN.test(name) ? NOT_A_TOKEN : CONTROL_CHARACTER.test(value) ? CONTROL_IN_VALUE : undefined;
  });
  return found;
}

/**
 * What Node's HTTP parser (undici's llhttp) refused in an answer, in
 * malformedHead's words, or undefined when `link` is not its error. Which
 * heads the parser refuses, its wording and its error codes differ from one
 * Node version to another (Node 24 refuses a space before a header's colon,
 * which Node 20 and 22 pass on to malformedHead): its reason is translated,
 * never quoted, so that the message is the same on every Node; the cause
 * keeps the parser's own words.
 */
function parserRefusal({ name, message }: Link): string | undefined {
  if (name !== 'HTTPParserError') return undefined;
  const reason = /\(([^()]*)\)$/.exec(String(message))?.[1];
  if (reason === 'Invalid header token') return NOT_A_TOKEN;
  // A CR or LF alone ends a header value where the parser expects CRLF.
  if (reason && /^(Invalid header value char|Missing expected (CR|LF) after header value)$/.test(reason)) return CONTROL_IN_VALUE;
  return 'not valid HTTP/1.1';
}

/** The ConnectionError for an answer the client refuses to read: `what` says what is wrong with it. */
function malformedAnswer(context: RequestContext, what: string, cause?: Error): ConnectionError {
  return new ConnectionError(context, `the server sent a malformed response (${what})`, undefined, cause && { cause });
}

interface AbortRace {
  /** Settles as `promise` does, or rejects with the signal's reason once it aborts, whichever comes first. */
  guard<T>(promise: Promise<T>): Promise<T>;
  /** Removes the listener from the signal. */
  dispose(): void;
}

/** Listens for `signal`'s abort, so that waits on fetch can be cut short by it. */
function raceAbort(signal: AbortSignal): AbortRace {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
  });
  aborted.catch(noop);
  return {
    guard: (promise) => Promise.race([promise, aborted]),
    dispose: () => signal.removeEventListener('abort', onAbort!),
  };
}

/**
 * Calls the caller's fetch. A fetch that throws instead of returning a
 * promise, or whose promise resolves to something that is not a Response, is
 * broken, not the network: an ElementeError that says so, never retried. A
 * rejected promise is fetch's way to report the network, as the global one does.
 */
async function callInjectedFetch(config: ClientConfig, outgoing: OutgoingRequest, request: Request): Promise<Response> {
  let pending: Promise<Response>;
  try {
    pending = config.fetch!(request);
  } catch (error) {
    const cause = sanitizeCause(error, config.clean);
    throw new ElementeError(`${outgoing.operation} failed: the fetch passed to the client threw instead of returning a promise: ${cause?.message ?? ''}`, {
      cause,
    });
  }
  const response: unknown = await pending;
  // Not instanceof: a fetch of another realm (undici's package, a polyfill) has its own Response class.
  const { status, headers, text } = (response ?? {}) as Partial<Response>;
  if (typeof status !== 'number' || typeof headers?.get !== 'function' || typeof text !== 'function')
    throw new ElementeError(`${outgoing.operation} failed: the fetch passed to the client resolved to something that is not a Response`);
  return response as Response;
}

/** Node's fetch (undici); a browser's fetch cannot send a stream over HTTP/1.1. */
const ON_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * Makes `init` send `body` as a stream of known length. Node's fetch sends a
 * request again by itself after a 421 (Misdirected Request) when its body can
 * be read twice, which a string can; a stream cannot, so a create is sent
 * once, as the retry rule promises. The length is stated, so the request is
 * not chunked.
 */
function asOneShotBody(init: RequestInit, body: string): void {
  const bytes = encoder.encode(body);
  init.body = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  init.headers = { ...(init.headers as Record<string, string>), 'content-length': String(bytes.byteLength) };
  (init as RequestInit & { duplex: 'half' }).duplex = 'half';
}

/** Sends one attempt and reads its body, both within `timeoutMs`; a caller's abort rejects with the signal's reason. */
async function sendOnce(config: ClientConfig, outgoing: OutgoingRequest, caller: AbortSignal | undefined, timeoutMs: number): Promise<BufferedResponse> {
  // A timer of its own, cleared once the body is read, rather than
  // AbortSignal.timeout: Node makes each of those a transferable signal whose
  // timer outlives the attempt and is collected with it, which costs more
  // than the rest of the client's own work on a call.
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), timeoutMs);
  const signal = caller ? AbortSignal.any([caller, timer.signal]) : timer.signal;
  // fetch can leave a promise pending after an abort (a body in a broken
  // Content-Encoding; an injected fetch that ignores the signal): such waits
  // race the abort, so the timeout never depends on fetch honouring it. The
  // global fetch settles its own promise on abort, and the body of a 2xx
  // whose length is stated and which is not encoded (the hangs seen are of
  // encoded bodies, and of a 421's, which fetch sends again): those skip the
  // race and its listener, which cost as much as the rest of the client's own
  // work on a call.
  let race: AbortRace | undefined;
  const guard = <T>(promise: Promise<T>): Promise<T> => {
    race ??= raceAbort(signal);
    return race.guard(promise);
  };
  try {
    const init: RequestInit = { method: outgoing.method, headers: outgoing.headers, body: outgoing.body ?? null, signal, redirect: 'manual' };
    if (outgoing.method === 'POST' && outgoing.body !== undefined && ON_NODE) asOneShotBody(init, outgoing.body);
    const response = config.fetch ? await guard(callInjectedFetch(config, outgoing, new Request(outgoing.url, init))) : await fetch(outgoing.url, init);
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      // Never followed, and its body never read. A browser hides a manual redirect's status and headers (type "opaqueredirect", status 0).
      response.body?.cancel().catch(noop);
      return {
        status: response.type === 'opaqueredirect' ? 302 : response.status,
        statusText: response.statusText,
        headers: response.headers,
        text: '',
        complete: true,
      };
    }
    const malformed = malformedHead(response);
    if (malformed !== undefined) {
      response.body?.cancel().catch(noop);
      throw malformedAnswer(outgoing, malformed);
    }
    const ok = response.status < 300;
    const limit = ok ? config.maxResponseBytes : MAX_ERROR_BODY_BYTES;
    const { body, headers } = response;
    const buffered: BufferedResponse = { status: response.status, statusText: response.statusText, headers, text: '', complete: true };
    if (!body) return buffered;
    const length = headers.get('content-length');
    if (ok && !config.fetch && length !== null && Number(length) <= limit && !headers.has('content-encoding')) {
      buffered.text = await response.text();
      return buffered;
    }
    ({ text: buffered.text, complete: buffered.complete } = await guard(readText(body, limit)));
    if (ok && !buffered.complete) throw new ResponseTooLargeError(outgoing, config.maxResponseBytes);
    return buffered;
  } catch (error) {
    if (caller?.aborted) throw caller.reason;
    if (timer.signal.aborted) throw new TimeoutError(outgoing, timeoutMs);
    if (error instanceof ElementeError) throw error;
    throw connectionError(config, outgoing, error);
  } finally {
    clearTimeout(timeout);
    race?.dispose();
  }
}

/** A ConnectionError for whatever fetch threw, with a short redacted reason and a sanitised copy of it as the cause. */
function connectionError(config: ClientConfig, context: RequestContext, error: unknown): ConnectionError {
  const cause = sanitizeCause(error, config.clean);
  const refused = findInCauses(error, parserRefusal);
  if (refused !== undefined) return malformedAnswer(context, refused, cause);
  // undici's own message is "fetch failed"; its cause says what failed.
  const inner = (cause?.cause as Error | undefined) ?? cause;
  // The system error code, as the system gave it: the retry rule reads it.
  const code = findInCauses(error, (link) => (typeof link.code === 'string' ? link.code : undefined));
  // Node's fetch turns a 407 from a proxy into a failure with an empty message.
  const reason = inner?.message.trim() || 'the connection failed and gave no reason (a proxy answering 407 does this)';
  return new ConnectionError(context, code && !reason.includes(code) ? `${reason} (${config.clean(code)})` : reason, code, { cause });
}

/**
 * How an attempt ended, decided once (settle): an answer to return, another
 * attempt to send after `waitMs`, or a failure to throw. `buffered` is the
 * answer, when one came; `error` is what the attempt is reported with: for
 * an answer of 300 or more, the ApiError createCallsClient throws for it,
 * from either client.
 */
type Outcome<T> =
  | { kind: 'answer'; buffered: BufferedResponse; error: ElementeError | undefined; result: T }
  | { kind: 'retry'; buffered: BufferedResponse | undefined; error: ElementeError; waitMs: number }
  | { kind: 'failure'; buffered: BufferedResponse | undefined; error: unknown };

/**
 * How a client turns the last answer into its result. `error` is the
 * answer's ApiError for a status of 300 or more, for it to throw or to keep;
 * what it throws fails the call.
 */
export type ReadAnswer<T> = (buffered: BufferedResponse, error: ApiError | undefined) => T;

/** Whether retryDelay judges `end`: an answer, a connection failure or a timeout may be sent again; a broken injected fetch or an answer over maxResponseBytes may not. */
function mayRetry(end: BufferedResponse | ElementeError): end is BufferedResponse | ConnectionError | TimeoutError {
  return !(end instanceof ElementeError) || end instanceof ConnectionError || end instanceof TimeoutError;
}

/** The outcome of attempt number `attempt`, which ended with `end`: retryDelay's decision, then `read`'s, each made once. */
function settle<T>(config: ClientConfig, outgoing: OutgoingRequest, attempt: number, end: BufferedResponse | ElementeError, read: ReadAnswer<T>): Outcome<T> {
  const waitMs = mayRetry(end) ? retryDelay(attempt, end, outgoing.method, mayHaveReachedServer(end), config) : undefined;
  if (end instanceof ElementeError)
    return waitMs === undefined ? { kind: 'failure', buffered: undefined, error: end } : { kind: 'retry', buffered: undefined, error: end, waitMs };
  const error = end.status >= 300 ? toApiError(config, outgoing, end) : undefined;
  // retryDelay allows only statuses of 300 or more, which all have their error.
  if (waitMs !== undefined && error) return { kind: 'retry', buffered: end, error, waitMs };
  try {
    return { kind: 'answer', buffered: end, error, result: read(end, error) };
  } catch (thrown) {
    return { kind: 'failure', buffered: end, error: thrown };
  }
}

/**
 * Tells the caller's hook of an attempt, as one frozen event; whatever the
 * hook throws or returns is ignored, so that it cannot change the call.
 */
function report(config: ClientConfig, outgoing: OutgoingRequest, attempt: number, startedAt: number, outcome: Outcome<unknown>): void {
  const { kind, buffered, error } = outcome;
  const event: AttemptEvent = {
    operation: outgoing.operation,
    method: outgoing.method,
    path: outgoing.path,
    attempt,
    outcome: kind === 'retry' ? 'retry' : kind === 'answer' && error === undefined ? 'ok' : 'error',
    durationMs: performance.now() - startedAt,
  };
  if (buffered) {
    event.status = buffered.status;
    const requestId = requestIdOf(config, buffered.headers);
    if (requestId !== undefined) event.requestId = requestId;
  }
  if (kind === 'retry') event.retryInMs = outcome.waitMs;
  if (error instanceof ElementeError) event.error = error;
  try {
    const returned: unknown = config.onAttempt!(Object.freeze(event));
    if (returned instanceof Promise) returned.catch(noop);
  } catch {
    // The hook's own failure is not the call's.
  }
}

/**
 * Sends `outgoing`, again as long as retryDelay allows, and returns what
 * `read` makes of the last answer, its body read, whatever its status.
 * Connection failures and timeouts throw ConnectionError and TimeoutError
 * once no retry is left; a caller's abort throws the signal's reason. Each
 * attempt's outcome is settled once, then told to the `onAttempt` hook if
 * there is one, then acted on.
 */
export async function send<T>(
  config: ClientConfig,
  outgoing: OutgoingRequest,
  signal: AbortSignal | undefined,
  timeoutMs: number,
  read: ReadAnswer<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw signal.reason;
    const startedAt = config.onAttempt ? performance.now() : 0;
    let end: BufferedResponse | ElementeError;
    try {
      end = await sendOnce(config, outgoing, signal, timeoutMs);
    } catch (error) {
      // The caller's abort: the caller ended the call, and hears of it from its own signal.
      if (!(error instanceof ElementeError) || (signal?.aborted && error === signal.reason)) throw error;
      end = error;
    }
    const outcome = settle(config, outgoing, attempt, end, read);
    if (config.onAttempt) report(config, outgoing, attempt, startedAt, outcome);
    if (outcome.kind === 'answer') return outcome.result;
    if (outcome.kind === 'failure') throw outcome.error;
    await sleep(outcome.waitMs, signal);
  }
}
