// The mock server's door: one node:http server in front of Prism's engine,
// in the same process. Prism checks every request (credentials, body, query,
// path); this door reads what Prism cannot (a body too large, too deep or
// not JSON), turns Prism's findings into a Verdict, and hands the request to
// the mock's one answer path (respond.ts). It adds what only a server has:
// CORS that shares credentials only with pages on this machine, the
// `/_mock/` endpoints, and a log line per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { matchOperation } from '../internal/operations.js';
import type { Engine, EngineOutcome, Violation } from './engine.js';
import { isLoopbackOrigin } from './listen.js';
import { type MockRequest, respond, type Verdict } from './respond.js';
import { errorResponse, isJsonMediaType, type MockResponse } from './response.js';
import { type CallsStore, queryOf } from './store.js';

/** The largest request body the mock reads; a larger one gets 413. The contract's largest body, a create, is a few kilobytes. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** How deep a JSON request body may nest; deeper is refused with 400 before Prism sees it. The contract's deepest body nests 4 levels. */
export const MAX_REQUEST_DEPTH = 64;
/** Not part of the contract: restores the starting state of a stateful mock. */
export const RESET_PATH = '/_mock/reset';

export interface MockServerOptions {
  engine: Engine;
  /** Answers from this store where Prism accepts a request that asks for no particular example or status. */
  store?: CallsStore | undefined;
  /** Share responses with credentials (Access-Control-Allow-Credentials) with pages of any origin, not only those on this machine. */
  credentialsFromAnyOrigin?: boolean | undefined;
  /** Called with one line per request. */
  log?: ((line: string) => void) | undefined;
}

/** The CORS headers of every response: any page may read it; only pages on this machine may send credentials and read the response to them. */
function corsHeaders(request: IncomingMessage, anyOrigin: boolean): Record<string, string> {
  const origin = request.headers.origin;
  const headers: Record<string, string> = { 'access-control-allow-origin': origin ?? '*', 'access-control-expose-headers': '*' };
  if (origin !== undefined) {
    headers.vary = 'origin';
    if (anyOrigin || isLoopbackOrigin(origin)) headers['access-control-allow-credentials'] = 'true';
  }
  return headers;
}

/** Reads the request body, up to MAX_REQUEST_BYTES; undefined when it is longer (the rest is read and dropped). */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= MAX_REQUEST_BYTES ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

/** Whether `value` nests deeper than `limit`, checked without recursion. */
function nestsDeeper(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

const describe = (violation: Violation): string => `${violation.location.join('.')}: ${violation.message}`;
const violationsHeader = (violations: readonly Violation[]) => ({ 'sl-violations': JSON.stringify(violations) });

/**
 * What Prism's outcome says of the request. Its own problem reports become
 * the contract's error body, with their reason and never a stack; data it
 * generated that would break the contract becomes a 500, as `--errors` has it.
 */
function verdictOf(outcome: EngineOutcome, method: string, path: string): Verdict {
  if (outcome.kind === 'problem') {
    const reason =
      outcome.status === 404 && /NO_PATH_MATCHED|no path matched/i.test(outcome.title)
        ? `No operation of the contract matches ${method} ${path}`
        : outcome.detail || outcome.title;
    return { kind: 'refused', response: errorResponse(outcome.status, reason, outcome.headers) };
  }
  const broken = outcome.responseViolations.filter((violation) => violation.severity === 'Error');
  if (outcome.generated && broken.length > 0) return { kind: 'refused', response: errorResponse(500, broken.map(describe), violationsHeader(broken)) };
  const generated: MockResponse | undefined = outcome.generated ? { status: outcome.status, body: outcome.body, headers: outcome.headers } : undefined;
  if (outcome.status === 401) return { kind: 'unauthorized', generated };
  if (outcome.status === 400 && outcome.requestViolations.length > 0) {
    const problems = outcome.requestViolations.filter((violation) => violation.severity === 'Error').map((violation) => violation.message);
    return { kind: 'invalid', problems, generated };
  }
  return { kind: 'accepted', generated };
}

/** Reads the request and asks Prism's engine about it: the door's Verdict, with the request as respond() takes it. */
async function check(
  options: MockServerOptions,
  incoming: IncomingMessage,
  url: URL,
): Promise<{ request: MockRequest; verdict: Verdict; violations?: Violation[] }> {
  const method = incoming.method ?? 'GET';
  const matched = matchOperation(method, url.pathname);
  const params = Object.fromEntries(Object.entries(matched?.params ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]));
  const request: MockRequest = { operation: matched?.operation, method, path: url.pathname, params, query: queryOf(url), body: null, prefer: {} };
  const refuse = (response: MockResponse) => ({ request, verdict: { kind: 'refused', response } as const });
  const bytes = await readBody(incoming);
  if (bytes === undefined)
    return refuse(errorResponse(413, `The request body is larger than the mock reads (${MAX_REQUEST_BYTES} bytes)`, { connection: 'close' }));
  const { 'content-type': contentType, 'content-length': length, 'transfer-encoding': encoding } = incoming.headers;
  if (bytes.byteLength > 0 || (length !== undefined && length !== '0') || encoding !== undefined) {
    request.body = bytes.toString('utf8');
    // A body that is not JSON is refused before anything else, credentials included, as Prism's server orders it.
    if (isJsonMediaType(contentType) && bytes.byteLength > 0) {
      try {
        request.body = JSON.parse(request.body as string);
      } catch {
        const violation = { location: ['request', 'body'], severity: 'Error', message: 'The request body is not valid JSON' };
        return refuse(errorResponse(400, violation.message, violationsHeader([violation])));
      }
      if (nestsDeeper(request.body, MAX_REQUEST_DEPTH)) return refuse(errorResponse(400, `The request body nests deeper than ${MAX_REQUEST_DEPTH} levels`));
    }
  }
  const headers = incoming.headers as Record<string, string | string[] | undefined>;
  const outcome = await options.engine.respond({ method, path: url.pathname, query: request.query, headers, body: request.body });
  if (outcome.kind === 'problem') return { request, verdict: verdictOf(outcome, method, url.pathname) };
  request.prefer = outcome.prefer;
  return { request, verdict: verdictOf(outcome, method, url.pathname), violations: [...outcome.requestViolations, ...outcome.responseViolations] };
}

/** The response to one request, before CORS. */
async function handle(options: MockServerOptions, incoming: IncomingMessage, url: URL): Promise<MockResponse> {
  if (url.pathname === RESET_PATH) {
    if (incoming.method !== 'POST') return errorResponse(405, `${RESET_PATH} takes POST`, { allow: 'POST' });
    if (!options.store) return errorResponse(404, `${RESET_PATH} resets a mock started with --stateful; this one keeps no state`);
    options.store.reset();
    return { status: 204, body: undefined, headers: {} };
  }
  const { request, verdict, violations = [] } = await check(options, incoming, url);
  const response = await respond({ store: options.store }, request, verdict);
  // Prism's findings travel with the response, as `prism mock` sends them.
  return violations.length > 0 ? { ...response, headers: { ...response.headers, ...violationsHeader(violations) } } : response;
}

/** The mock's HTTP server, not yet listening. */
export function createMockServer(options: MockServerOptions): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const cors = corsHeaders(request, options.credentialsFromAnyOrigin === true);
    const send = ({ status, headers, body }: MockResponse) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      response.writeHead(status, { ...headers, ...cors, ...(text === undefined ? {} : { 'content-length': Buffer.byteLength(text) }) });
      response.end(text);
      options.log?.(`${request.method} ${request.url} -> ${status}`);
    };
    if (request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined) {
      // A CORS preflight: answered here, never by the contract.
      const allow = request.headers['access-control-request-headers'];
      send({
        status: 204,
        headers: { 'access-control-allow-methods': 'GET,PUT,POST,OPTIONS', ...(allow ? { 'access-control-allow-headers': allow } : {}) },
        body: undefined,
      });
      return;
    }
    handle(options, request, url).then(send, () => send(errorResponse(500, 'The mock could not answer this request')));
  });
}
