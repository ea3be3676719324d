// The mock server's HTTP: one node:http server in front of Prism's engine, in
// the same process. Prism validates every request (credentials, body, query,
// path) and picks the contract's answer; this file adds what `prism mock`
// lacks: the contract's error body wherever Prism would send one of its own,
// a bound on what a request may hold, CORS that shares credentials only with
// pages on this machine, and, with a store, answers from state.
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import { findOperation } from '../internal/operations.js';
import { answerFromStore, type CallsStore, queryOf } from './store.js';
import type { Engine, EngineAnswer, Violation } from './engine.js';
import { isLoopbackOrigin } from './listen.js';

/** The largest request body the mock reads; a larger one gets 413. The contract's largest body, a create, is a few kilobytes. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** How deep a JSON request body may nest; deeper is refused with 400 before Prism sees it. The contract's deepest body nests 4 levels. */
export const MAX_REQUEST_DEPTH = 64;
/** The Retry-After of a mocked 429 or 503, in seconds: a client that honours it (this package's does) waits a second, not the contract example's 30. */
export const MOCK_RETRY_AFTER_SECONDS = 1;
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

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The contract's error body (ErrorResponse) for `status`, as JSON. */
function errorReply(status: number, message: string[], headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ statusCode: status, message, error: STATUS_CODES[status] ?? 'Error' }),
  };
}

/** The CORS headers of every answer: any page may read it; only pages on this machine may send credentials and read the answer to them. */
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

/** What the engine's answer becomes: the contract's body for a problem, a 500 for an answer that would break the contract. */
function replyFor(answer: EngineAnswer, method: string, path: string): Reply {
  if (answer.kind === 'problem') {
    // Prism's own problem reports are not the contract's error body; their reason is kept, never a stack.
    const reason =
      answer.status === 404 && /NO_PATH_MATCHED|no path matched/i.test(answer.title)
        ? `No operation of the contract matches ${method} ${path}`
        : answer.detail || answer.title;
    return errorReply(answer.status, [reason], answer.headers);
  }
  const broken = answer.answerViolations.filter((violation) => violation.severity === 'Error');
  if (broken.length > 0) return errorReply(500, broken.map(describe), { 'sl-violations': JSON.stringify(broken) });
  const headers: Record<string, string> = { ...answer.headers };
  const violations = [...answer.requestViolations, ...answer.answerViolations];
  if (violations.length > 0) headers['sl-violations'] = JSON.stringify(violations);
  const json = /json/i.test(headers['content-type'] ?? headers['Content-type'] ?? '');
  const body = answer.body === undefined ? undefined : json || typeof answer.body !== 'string' ? JSON.stringify(answer.body) : answer.body;
  return { status: answer.status, headers, body };
}

/** A Prefer header that picks Prism's answer: it bypasses the state. */
const ASKS_FOR_ANSWER = /\b(code|example|dynamic)\s*=/i;

const describe = (violation: Violation): string => `${violation.location.join('.')}: ${violation.message}`;

/** The answer to one request, before CORS. */
async function answer(options: MockServerOptions, request: IncomingMessage, url: URL): Promise<Reply> {
  const method = request.method ?? 'GET';
  if (url.pathname === RESET_PATH) {
    if (method !== 'POST') return errorReply(405, [`${RESET_PATH} takes POST`], { allow: 'POST' });
    if (!options.store) return errorReply(404, [`${RESET_PATH} resets a mock started with --stateful; this one keeps no state`]);
    options.store.reset();
    return { status: 204, headers: {}, body: undefined };
  }
  const bytes = await readBody(request);
  if (bytes === undefined) return errorReply(413, [`The request body is larger than the mock reads (${MAX_REQUEST_BYTES} bytes)`], { connection: 'close' });
  const { 'content-type': contentType = '', 'content-length': length, 'transfer-encoding': encoding } = request.headers;
  let body: unknown = null;
  if (bytes.byteLength > 0 || (length !== undefined && length !== '0') || encoding !== undefined) {
    body = bytes.toString('utf8');
    // A body that is not JSON is refused before anything else, credentials included, as Prism's server orders it.
    if (/^application\/([\w.+-]+\+)?json\b/i.test(contentType) && bytes.byteLength > 0) {
      try {
        body = JSON.parse(body as string);
      } catch {
        const violation = { location: ['request', 'body'], severity: 'Error', message: 'The request body is not valid JSON' };
        return errorReply(400, [violation.message], { 'sl-violations': JSON.stringify([violation]) });
      }
      if (nestsDeeper(body, MAX_REQUEST_DEPTH)) return errorReply(400, [`The request body nests deeper than ${MAX_REQUEST_DEPTH} levels`]);
    }
  }
  const headers = request.headers as Record<string, string | string[] | undefined>;
  const engineAnswer = await options.engine.answer({ method, path: url.pathname, query: queryOf(url), headers, body });
  const reply = replyFor(engineAnswer, method, url.pathname);
  const asksForAnswer = ASKS_FOR_ANSWER.test(String(request.headers.prefer ?? ''));
  // A refused request is told its problems, one per line, as the contract's 400 example promises; an example asked for is sent as it is.
  if (engineAnswer.kind === 'answer' && reply.status === 400 && !asksForAnswer) {
    const problems = engineAnswer.requestViolations.filter((violation) => violation.severity === 'Error').map((violation) => violation.message);
    if (problems.length > 0) return errorReply(400, problems, { 'sl-violations': JSON.stringify(engineAnswer.requestViolations) });
  }
  const operation = findOperation(method, url.pathname);
  // State answers only what Prism accepted, and only when no example, status or generated data was asked for.
  if (options.store && operation && engineAnswer.kind === 'answer' && reply.status < 300 && !asksForAnswer) {
    const params = operation === 'getCall' || operation === 'updateCall' ? { id: decodeURIComponent(url.pathname.split('/').pop() ?? '') } : {};
    const stored = answerFromStore(options.store, operation, { params, query: queryOf(url), body });
    return { status: stored.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(stored.body) };
  }
  if (reply.status === 429 || reply.status === 503) {
    for (const name of Object.keys(reply.headers)) if (name.toLowerCase() === 'retry-after') delete reply.headers[name];
    reply.headers['retry-after'] = String(MOCK_RETRY_AFTER_SECONDS);
  }
  return reply;
}

/** The mock's HTTP server, not yet listening. */
export function createMockServer(options: MockServerOptions): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const cors = corsHeaders(request, options.credentialsFromAnyOrigin === true);
    const send = ({ status, headers, body }: Reply) => {
      response.writeHead(status, { ...headers, ...cors, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) });
      response.end(body);
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
    answer(options, request, url).then(send, () => send(errorReply(500, ['The mock could not answer this request'])));
  });
}
