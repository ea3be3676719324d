// The mock server's door: one node:http server in front of Prism's engine,
// in the same process. Prism checks every request (credentials, body, query,
// path); this door reads what Prism cannot (a body too large, too deep or
// not JSON), turns Prism's findings into a Verdict, and hands the request to
// the mock's one answer path (respond.ts). It adds what only a server has:
// CORS that shares credentials only with pages on this machine, the
// `/_mock/` endpoints (control.ts), and a log line per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { matchOperation } from '../internal/operations.js';
import { escapeForLog } from '../internal/redact.js';
import { CONTROL_PREFIX, controlResponse, MAX_SNAPSHOT_BYTES } from './control.js';
import type { Engine, EngineOutcome, Violation } from './engine.js';
import type { Faults } from './faults.js';
import type { Journal } from './journal.js';
import { isLoopbackOrigin } from './listen.js';
import { type MockRequest, respond, type Verdict } from './respond.js';
import { errorResponse, isJsonMediaType, type MockResponse } from './response.js';
import { type CallsStore, queryOf } from './store.js';

/** The largest request body the mock reads; a larger one gets 413. The contract's largest body, a create, is a few kilobytes. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** How deep a JSON request body may nest; deeper is refused with 400 before Prism sees it. The contract's deepest body nests 4 levels. */
export const MAX_REQUEST_DEPTH = 64;
/** How much of a refused request's first problem its log line shows. */
const LOGGED_PROBLEM_LENGTH = 100;
/** How much of the cause of a 500 the operator's notice shows: enough for a system error and the path it names. */
const LOGGED_CAUSE_LENGTH = 300;
/** How many origins the mock remembers having told about; a page cannot grow the mock by sending new ones. */
const MAX_ORIGINS_TOLD = 1000;

export interface MockServerOptions {
  engine: Engine;
  /** Answers from this store where Prism accepts a request that asks for no particular example or status. */
  store?: CallsStore | undefined;
  /** Where requests are recorded: the store's journal, or one of the mock's own. */
  journal: Journal;
  /** The journal's clock (the store's mock time). @default Date.now */
  clock?: (() => number) | undefined;
  faults?: Faults | undefined;
  /** Share responses with credentials (Access-Control-Allow-Credentials) with pages of any origin, not only those on this machine. */
  credentialsFromAnyOrigin?: boolean | undefined;
  /** Called with one line per request. */
  log?: ((line: string) => void) | undefined;
  /** Called with what the person who started the mock should know, even when requests are not logged. */
  notice?: ((line: string) => void) | undefined;
}

/** Reads the request body, up to `limit` bytes; undefined when it is longer (the rest is read and dropped). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
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

/** Reads the request and asks Prism's engine about it: the door's Verdict, with the request as respond() takes it, and Prism's findings. */
async function check(
  options: MockServerOptions,
  incoming: IncomingMessage,
  url: URL,
): Promise<{ request: MockRequest; verdict: Verdict; violations?: Violation[] }> {
  const method = incoming.method ?? 'GET';
  const matched = matchOperation(method, url.pathname);
  const params = Object.fromEntries(Object.entries(matched?.params ?? {}).map(([name, value]) => [name, safelyDecoded(value)]));
  const request: MockRequest = { operation: matched?.operation, method, path: url.pathname, params, query: queryOf(url), body: null, bodyBytes: 0, prefer: {} };
  const refuse = (response: MockResponse) => ({ request, verdict: { kind: 'refused', response } as const });
  const bytes = await readBody(incoming, MAX_REQUEST_BYTES);
  if (bytes === undefined)
    return refuse(errorResponse(413, `The request body is larger than the mock reads (${MAX_REQUEST_BYTES} bytes)`, { connection: 'close' }));
  request.bodyBytes = bytes.byteLength;
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

/** A path parameter decoded, or as sent when it is not valid percent-encoding (Prism then refuses it). */
function safelyDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The JSON body of a request to /_mock/, up to MAX_SNAPSHOT_BYTES: undefined when it is longer; throws when it is not JSON. */
async function readControlBody(incoming: IncomingMessage): Promise<unknown> {
  const bytes = await readBody(incoming, MAX_SNAPSHOT_BYTES);
  return bytes === undefined ? undefined : JSON.parse(bytes.toString('utf8'));
}

/** The response to one request, before CORS. */
async function handle(options: MockServerOptions, incoming: IncomingMessage, url: URL): Promise<MockResponse> {
  const method = incoming.method ?? 'GET';
  if (url.pathname.startsWith(CONTROL_PREFIX)) return controlResponse(options, method, url.pathname, () => readControlBody(incoming));
  const { request, verdict, violations = [] } = await check(options, incoming, url);
  const response = await respond(options, request, verdict);
  // Prism's findings travel with the response, as `prism mock` sends them.
  return violations.length > 0 ? { ...response, headers: { ...response.headers, ...violationsHeader(violations) } } : response;
}

/** A response's log line: its status, and for a refusal the first problem its body names, cut short, with nothing that could forge a line. */
function logLine(method: string | undefined, target: string | undefined, { status, body }: MockResponse): string {
  const line = `${method} ${escapeForLog(target ?? '')} -> ${status}`;
  // What a call answered is now, so that a call can be watched going by: its status, or how many a list holds.
  if (status < 300 && Array.isArray(body)) return `${line} (${body.length} calls)`;
  const called = status < 300 ? (body as { status?: unknown; messages?: unknown } | undefined) : undefined;
  if (typeof called?.status === 'string' && Array.isArray(called.messages))
    return `${line} (${escapeForLog(called.status)}, ${called.messages.length} messages)`;
  const first = status >= 400 ? (body as { message?: unknown } | undefined)?.message : undefined;
  const problem = Array.isArray(first) ? first[0] : first;
  if (typeof problem !== 'string' || problem === '') return line;
  const cut = problem.length > LOGGED_PROBLEM_LENGTH ? `${problem.slice(0, LOGGED_PROBLEM_LENGTH)}...` : problem;
  return `${line} (${escapeForLog(cut)})`;
}

/** The mock's HTTP server, not yet listening. */
export function createMockServer(options: MockServerOptions): Server {
  const told = new Set<string>();
  /** The CORS headers of every response: any page may read it; only pages on this machine may send credentials and read the response to them. */
  const corsHeaders = (request: IncomingMessage): Record<string, string> => {
    const origin = request.headers.origin;
    const headers: Record<string, string> = { 'access-control-allow-origin': origin ?? '*', 'access-control-expose-headers': '*' };
    if (origin === undefined) return headers;
    headers.vary = 'origin';
    if (options.credentialsFromAnyOrigin === true || isLoopbackOrigin(origin)) headers['access-control-allow-credentials'] = 'true';
    else if (!told.has(origin) && told.size < MAX_ORIGINS_TOLD) {
      told.add(origin);
      options.notice?.(
        `Pages from ${escapeForLog(origin.slice(0, 200))} may read the mock's responses, but not send credentials: start the mock with --any-origin-credentials to let them.`,
      );
    }
    return headers;
  };
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const cors = corsHeaders(request);
    const send = (mockResponse: MockResponse) => {
      const { status, headers, body } = mockResponse;
      const text = body === undefined ? undefined : JSON.stringify(body);
      response.writeHead(status, { ...headers, ...cors, ...(text === undefined ? {} : { 'content-length': Buffer.byteLength(text) }) });
      response.end(text);
      options.log?.(logLine(request.method, request.url, mockResponse));
    };
    if (request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined) {
      // A CORS preflight: answered here, never by the contract.
      const allow = request.headers['access-control-request-headers'];
      send({
        status: 204,
        headers: { 'access-control-allow-methods': 'GET,PUT,POST,DELETE,OPTIONS', ...(allow ? { 'access-control-allow-headers': allow } : {}) },
        body: undefined,
      });
      return;
    }
    handle(options, request, url).then(send, (error: unknown) => {
      // The client gets the contract's 500 and nothing of the cause; the operator is told what failed (a state file that cannot be written, say).
      const cause = (error instanceof Error ? error.message : String(error)).slice(0, LOGGED_CAUSE_LENGTH);
      options.notice?.(`The mock could not answer ${request.method} ${escapeForLog(url.pathname.slice(0, 200))}: ${escapeForLog(cause)}`);
      send(errorResponse(500, 'The mock could not answer this request'));
    });
  });
}
