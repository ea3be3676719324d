// @elemente/calls-api/raw: openapi-fetch's typed client for every path of
// the contract, with its `{ data, error, response }` results, sending
// through the same code as createCallsClient: credentials, timeouts,
// retries, size limits, no redirects, typed errors for transport failures,
// and error bodies with the credentials removed.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import type { CallsClientOptions } from './client.js';
import { ConnectionError, ElementeError, InvalidArgumentError, ResponseValidationError } from './errors.js';
import { CUT_MARKER, requestIdOf } from './internal/answer.js';
import { assertText, checkHeader, copyJson, fail } from './internal/checks.js';
import { type ClientConfig, resolveConfig } from './internal/config.js';
import { escapeForLog, redactJsonStrings } from './internal/redact.js';
import { send } from './internal/send.js';

export type RawClient = Client<paths, 'application/json'>;

/** The contract's operations, so that an error can name the one a raw request was. */
const OPERATIONS: ReadonlyArray<[method: string, path: RegExp, operation: string]> = [
  ['GET', /^\/api\/v1\/calls\/[^/]+$/, 'getCall'],
  ['PUT', /^\/api\/v1\/calls\/[^/]+$/, 'updateCall'],
  ['GET', /^\/api\/v1\/calls$/, 'listCalls'],
  ['POST', /^\/api\/v1\/calls$/, 'createCall'],
];

/** Statuses whose responses cannot carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * `text` as a ByteString, which a Response's statusText must be: undici
 * decodes the reason phrase as UTF-8, so a byte that is not (a Latin-1
 * `é`), or a character beyond U+00FF, would make the Response constructor
 * throw a TypeError. Such characters are written as `\uXXXX` escapes.
 */
function toByteString(text: string): string {
  return text.replace(/[^\u0000-\u00ff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Serializes path parameters: every value percent-encoded, and none that is
 * empty or a dot segment (`.`, `..`), which URL parsing would resolve into a
 * different path.
 */
function serializePath(pathname: string, params: Record<string, unknown> | undefined): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = params?.[name];
    if (typeof value === 'number') return String(value);
    assertText(name, value);
    const encoded = encodeURIComponent(value);
    if (encoded === '' || /^(\.|%2e){1,2}$/i.test(encoded)) fail(name, 'must not be empty, "." or ".."');
    return encoded;
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Sends openapi-fetch's request through the client's code and hands back a Response it can read. */
async function sendRaw(config: ClientConfig, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname;
  const relative = path.slice(config.basePath.length);
  const method = request.method;
  const operation = OPERATIONS.find(([m, pattern]) => m === method && pattern.test(relative))?.[2] ?? `${method} ${relative}`;
  const headers = { ...config.headers };
  for (const [name, value] of request.headers) headers[checkHeader(name, value)] = value;
  const body = request.body ? await request.text() : undefined;
  const context = { operation, method, path };
  const received = await send(config, { ...context, url: url.href, headers, body, idempotent: method !== 'POST' }, request.signal, config.timeoutMs);
  const ok = received.status < 300;
  // openapi-fetch parses a non-empty 2xx body with JSON.parse and lets its SyntaxError through, a message
  // that quotes the body (which may echo the request): refuse it here as createCallsClient does.
  if (ok && received.text !== '' && !NULL_BODY_STATUSES.has(received.status) && !isJson(received.text)) {
    throw new ResponseValidationError(context, received.status, [{ path: '', message: 'is not valid JSON' }], requestIdOf(config, received.headers));
  }
  let responseHeaders: Headers;
  try {
    responseHeaders = new Headers(received.headers);
  } catch (error) {
    // Node's parser lets through header lines that the fetch standard's Headers refuses.
    throw new ConnectionError(context, 'the server sent a malformed response (a header fetch cannot hold)', undefined, {
      cause: error instanceof Error ? new Error(escapeForLog(config.redact(error.message))) : undefined,
    });
  }
  // The body is now decoded and complete; these described the wire form.
  responseHeaders.delete('content-encoding');
  responseHeaders.delete('content-length');
  if (!ok) for (const [name, value] of responseHeaders) responseHeaders.set(name, escapeForLog(config.redact(value)));
  const text = ok ? received.text : redactJsonStrings(config.redact(received.text), config.redact) + (received.complete ? '' : CUT_MARKER);
  return new Response(NULL_BODY_STATUSES.has(received.status) ? null : text, {
    status: received.status,
    statusText: toByteString(ok ? received.statusText : escapeForLog(config.redact(received.statusText))),
    headers: responseHeaders,
  });
}

/**
 * Creates openapi-fetch's client for the Calls API with the options of
 * createCallsClient (`validateResponses` aside). A non-2xx answer comes
 * back as `error`, its body without the credentials; failures to get an
 * answer at all throw ConnectionError, TimeoutError, RedirectError or
 * ResponseTooLargeError, a 2xx body that is not JSON throws
 * ResponseValidationError, and bad input throws InvalidArgumentError.
 */
export function createRawClient(options?: CallsClientOptions): RawClient {
  let config: ClientConfig;
  try {
    config = resolveConfig(options);
  } catch (error) {
    if (error instanceof ElementeError) throw error;
    throw new InvalidArgumentError('options', 'could not be read');
  }
  return createClient<paths, 'application/json'>({
    baseUrl: config.baseUrl,
    fetch: (request) => sendRaw(config, request),
    pathSerializer: serializePath,
    // The body as createCallsClient sends it: read once, undefined fields dropped, anything JSON cannot carry refused.
    bodySerializer: (body: unknown) => JSON.stringify(copyJson(body, 'body')),
  });
}
