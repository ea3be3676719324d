// No failure path may carry the credentials: not in an error's message,
// stack, cause chain or JSON, whatever went wrong.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallsClientOptions, createCallsClient, ElementeError } from '../src/index.js';
import { responseValidator } from '../src/validation.js';
import { CALL_ID } from './helpers/contract.js';
import { type FaultHandler, type FaultServer, reply, startFaultServer } from './helpers/fault-server.js';

const PASSWORD = 'Sup3r:Secret-Pässwort';
const USERNAME = 'leak-test-user';
const BASIC = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
const SECRETS = [USERNAME, PASSWORD, BASIC, encodeURIComponent(PASSWORD)];

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

/** Every string an error exposes: message, stack, JSON, inspect output, and the same for each cause. */
function everythingIn(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || error === undefined || seen.has(error)) return '';
  seen.add(error);
  if (typeof error !== 'object') return String(error);
  const parts = [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error) ?? ''];
  if (error instanceof Error) parts.push(error.message, error.stack ?? '', everythingIn(error.cause, seen));
  return parts.join('\n');
}

const failingPaths: Array<[string, FaultHandler | null, Partial<CallsClientOptions>]> = [
  ['401', reply.json(401, { statusCode: 401, message: 'Unauthorized' }), {}],
  ['400 list', reply.json(400, { statusCode: 400, message: ['id must be a UUID'], error: 'Bad Request' }), {}],
  ['404', reply.json(404, { statusCode: 404, message: 'Call not found' }), {}],
  ['429', reply.json(429, {}, { 'retry-after': '0' }), { maxRetries: 1 }],
  ['500', reply.json(500, { statusCode: 500, message: 'Internal server error' }), {}],
  ['HTML 502', reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' }), { maxRetries: 0 }],
  // A server or proxy that echoes the request headers into its error body: the client must scrub them.
  ['echoing 400', (req, res) => res.writeHead(400, { 'content-type': 'text/plain' }).end(`bad request: ${JSON.stringify(req.headers)}`), {}],
  ['timeout', reply.never(), { timeoutMs: 100, maxRetries: 0 }],
  ['reset', reply.reset(), { maxRetries: 0 }],
  ['empty 200', (_req, res) => res.writeHead(200).end(), {}],
  ['truncated 200', reply.text(200, '{"id": "12', { 'content-type': 'application/json' }), {}],
  ['invalid 200, validated', reply.json(200, { id: 'x' }), { validateResponses: responseValidator }],
  ['echoing 200 that is not JSON', (req, res) => res.writeHead(200).end(`${String(req.headers.authorization)} ${PASSWORD}`), {}],
  [
    'echoing 401 as JSON',
    (req, res) =>
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ statusCode: 401, message: [String(req.headers.authorization), PASSWORD] })),
    {},
  ],
];

describe('credentials never leak', () => {
  it.each(failingPaths)('%s', async (_name, handler, options) => {
    if (handler) server.script(handler);
    const client = createCallsClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, ...options });
    const error = await client.getCall(CALL_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElementeError);
    const text = everythingIn(error);
    for (const secret of SECRETS) expect(text.includes(secret) ? `${secret} found` : 'absent').toBe('absent');
    // The credentials did reach the server, so the check above is about the error, not a missing header.
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${BASIC}`);
  });

  it('refuses a bad password without repeating it', () => {
    const error = (() => {
      try {
        createCallsClient({ username: USERNAME, password: `${PASSWORD}\r\nX-Injected: 1` });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ name: 'InvalidArgumentError', argument: 'password' });
    expect(everythingIn(error).includes(PASSWORD)).toBe(false);
  });

  it('refuses credentials in the base URL without repeating them', () => {
    const attempt = () => createCallsClient({ baseUrl: `https://${USERNAME}:${encodeURIComponent(PASSWORD)}@api.elemente.ai` });
    expect(attempt).toThrow(/baseUrl: must not contain credentials/);
    try {
      attempt();
    } catch (error) {
      for (const secret of SECRETS) expect(everythingIn(error).includes(secret)).toBe(false);
    }
  });
});
