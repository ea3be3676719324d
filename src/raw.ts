// @elemente/calls-api/raw: openapi-fetch's typed client for every path of
// the contract, with its `{ data, error, response }` results, sending
// through the same transport and answer handling as createCallsClient.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { ElementeError } from './errors.js';
import { assertText, checkHeader, checkHeaders, copyJson, throwInvalid } from './internal/checks.js';
import { type ClientConfig, createConfig } from './internal/config.js';
import { HTTP_METHODS } from './internal/methods.js';
import { findOperation } from './internal/operations.js';
import { sanitizeCause } from './internal/redact.js';
import { toRawResponse } from './internal/response.js';
import { send } from './internal/send.js';
import type { CallsClientOptions } from './options.js';

export type RawClient = Client<paths, 'application/json'>;

/** Path parameters, each percent-encoded; none may be empty or a dot segment, which URL parsing would resolve into another path. */
function serializePath(pathname: string, params: Record<string, unknown> | undefined): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = params?.[name];
    if (typeof value === 'number') return String(value);
    assertText(name, value);
    const encoded = encodeURIComponent(value);
    if (encoded === '' || /^(\.|%2e){1,2}$/i.test(encoded)) throwInvalid(name, 'must not be empty, "." or ".."');
    return encoded;
  });
}

/** Sends openapi-fetch's request through the client's transport; an error names the contract's operation, or `METHOD /path` outside it. */
async function sendRaw(config: ClientConfig, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const { method } = request;
  const relative = url.pathname.slice(config.basePath.length);
  const headers = { ...config.headers, ...checkHeaders(request.headers) };
  const body = request.body ? await request.text() : undefined;
  const outgoing = { operation: findOperation(method, relative) ?? `${method} ${relative}`, method, path: url.pathname, url: url.href, headers, body };
  // A redirect is thrown, as by createCallsClient; an error status is returned, and reported with the same error.
  return send(config, outgoing, request.signal, config.timeoutMs, (buffered, error) => {
    if (error && buffered.status < 400) throw error;
    return toRawResponse(config, outgoing, buffered);
  });
}

/**
 * Checks what openapi-fetch would otherwise hand to the Request constructor,
 * which throws a bare TypeError: the headers (as createCallsClient checks
 * them; openapi-fetch's numbers and lists of values allowed), the signal, and
 * no `fetch` or `baseUrl` of the call's own, which would bypass the client's
 * transport and its rules for credentials.
 */
function checkInit(init: unknown): void {
  if (init === undefined) return;
  if (typeof init !== 'object' || init === null) throwInvalid('init', 'must be an object');
  const { headers, signal, fetch, baseUrl } = init as Record<string, unknown>;
  if (fetch !== undefined) throwInvalid('fetch', 'is set once, in createRawClient');
  if (baseUrl !== undefined) throwInvalid('baseUrl', 'is set once, in createRawClient');
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) throwInvalid('signal', 'must be an AbortSignal');
  if (headers === undefined || headers === null) return;
  if (typeof headers === 'object' && !(Symbol.iterator in headers))
    for (const [name, value] of Object.entries(headers)) {
      for (const item of Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]) checkHeader(name, String(item));
    }
  else checkHeaders(headers);
}

/**
 * Creates openapi-fetch's client for the Calls API with the options of
 * createCallsClient (`validateResponses` aside). A non-2xx answer comes back
 * as `error`, its body without the credentials; failures to get an answer at
 * all throw ConnectionError, TimeoutError, RedirectError or
 * ResponseTooLargeError, a 2xx body that is not JSON throws
 * ResponseValidationError, and bad input throws InvalidArgumentError before
 * anything is sent. Every failure is an ElementeError, except the caller's
 * own abort reason.
 */
export function createRawClient(options?: CallsClientOptions): RawClient {
  const config = createConfig(options, 'createRawClient');
  const client = createClient<paths, 'application/json'>({
    baseUrl: config.baseUrl,
    fetch: (request) => sendRaw(config, request),
    pathSerializer: serializePath,
    // The body as createCallsClient sends it: read once, undefined fields dropped, anything JSON cannot carry refused.
    bodySerializer: (body: unknown) => JSON.stringify(copyJson(body, 'body')),
  });
  const guarded = { ...client } as Record<string, unknown>;
  /** Runs one request of openapi-fetch's after checking its init; whatever else it throws becomes an ElementeError. */
  const guard = async (name: string, path: unknown, init: unknown, request: () => Promise<unknown>) => {
    try {
      checkInit(init);
      return await request();
    } catch (error) {
      const signal = (init as { signal?: unknown } | undefined)?.signal;
      if (error instanceof ElementeError || (signal instanceof AbortSignal && signal.aborted && error === signal.reason)) throw error;
      const cause = sanitizeCause(error, config.clean);
      throw new ElementeError(`${name} ${config.clean(typeof path === 'string' ? path : '')} failed unexpectedly: ${cause?.message ?? ''}`, { cause });
    }
  };
  const methods = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  // openapi-fetch's request functions, one per method; `use` and `eject` are passed through.
  for (const method of HTTP_METHODS) guarded[method] = (path: unknown, init?: unknown) => guard(method, path, init, () => methods[method]!(path, init));
  guarded.request = (method: unknown, path: unknown, init?: unknown) =>
    guard(typeof method === 'string' ? config.clean(method) : 'request', path, init, () => methods.request!(method, path, init));
  return guarded as unknown as RawClient;
}
