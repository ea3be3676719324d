// @elemente/calls-api/raw: openapi-fetch's typed client for every path of
// the contract, with its `{ data, error, response }` results, sending
// through the same transport and answer handling as createCallsClient.
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { toRawResponse } from './internal/answer.js';
import { assertText, checkHeaders, copyJson, throwInvalid } from './internal/checks.js';
import { type ClientConfig, createConfig } from './internal/config.js';
import { findOperation } from './internal/operations.js';
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
  const exchange = { operation: findOperation(method, relative) ?? `${method} ${relative}`, method, path: url.pathname, url: url.href, headers, body };
  return toRawResponse(config, exchange, await send(config, exchange, request.signal, config.timeoutMs));
}

/**
 * Creates openapi-fetch's client for the Calls API with the options of
 * createCallsClient (`validateResponses` aside). A non-2xx answer comes back
 * as `error`, its body without the credentials; failures to get an answer at
 * all throw ConnectionError, TimeoutError, RedirectError or
 * ResponseTooLargeError, a 2xx body that is not JSON throws
 * ResponseValidationError, and bad input throws InvalidArgumentError.
 */
export function createRawClient(options?: CallsClientOptions): RawClient {
  const config = createConfig(options);
  return createClient<paths, 'application/json'>({
    baseUrl: config.baseUrl,
    fetch: (request) => sendRaw(config, request),
    pathSerializer: serializePath,
    // The body as createCallsClient sends it: read once, undefined fields dropped, anything JSON cannot carry refused.
    bodySerializer: (body: unknown) => JSON.stringify(copyJson(body, 'body')),
  });
}
