// The client against a node:http server on loopback that misbehaves on cue:
// real sockets, real timeouts, no fetch mocks.
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  type CallsClientOptions,
  ConnectionError,
  createCallsClient,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '../src/index.js';
import { createRawClient } from '../src/raw.js';
import { responseValidator } from '../src/validation.js';
import { CALL_ID, loadBundle, readFixture } from './helpers/contract.js';
import { type FaultServer, reply, startFaultServer } from './helpers/fault-server.js';
import { failure } from './helpers/outcomes.js';
import { until } from './helpers/until.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;
const PUBLISHED_CALL = readFixture('published/get-call-response.json');

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, username: 'fault', password: 'fault-secret', ...options });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('retries', () => {
  it('retries a 503 once and returns the call from the 200 that follows', async () => {
    server.script(reply.json(503, { statusCode: 503, message: 'Service Unavailable' }), reply.json(200, CALL));
    await expect(client().getCall(CALL_ID)).resolves.toEqual(CALL);
    expect(server.requests).toHaveLength(2);
  });

  it('sends the PUT body again on a retry', async () => {
    server.script(reply.json(502, {}), reply.json(200, CALL));
    await client().updateCall(CALL_ID, { note: 'again' });
    expect(server.requests.map((r) => [r.method, r.body])).toEqual([
      ['PUT', '{"note":"again"}'],
      ['PUT', '{"note":"again"}'],
    ]);
  });

  // The wait is read off the timer the client sets, not off a clock.
  it('waits exactly as long as Retry-After asks before retrying a 429', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    server.script(reply.json(429, { statusCode: 429, message: 'Too Many Requests' }, { 'retry-after': '1' }), reply.json(200, CALL));
    await expect(client().getCall(CALL_ID)).resolves.toEqual(CALL);
    expect(server.requests).toHaveLength(2);
    expect(timers.mock.calls.map(([, delay]) => delay)).toContain(1_000);
  });

  it('gives up after maxRetries and throws the last answer, with retryAfterMs', async () => {
    server.script(reply.json(429, { statusCode: 429, message: 'Too Many Requests' }, { 'retry-after': '0', 'x-request-id': 'req-429' }));
    const error = await failure(client({ maxRetries: 2 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 0, requestId: 'req-429' });
    expect(server.requests).toHaveLength(3);
  });

  it('does not wait for a Retry-After above the cap: the caller gets the error at once', async () => {
    server.script(reply.json(429, { statusCode: 429, message: 'Too Many Requests' }, { 'retry-after': '3600' }));
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toMatchObject({ name: 'RateLimitError', retryAfterMs: 3_600_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('gives a 503 with a Retry-After over the cap back at once, with retryAfterMs', async () => {
    server.script(reply.json(503, { statusCode: 503, message: 'Service Unavailable' }, { 'retry-after': '120' }));
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 500 or a 404', async () => {
    server.script(reply.json(500, { statusCode: 500, message: 'Internal server error' }));
    expect(await failure(client().getCall(CALL_ID))).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
    server.script(reply.json(404, { statusCode: 404, message: 'Call not found', error: 'Not Found' }));
    expect(await failure(client().getCall(CALL_ID))).toMatchObject({ name: 'NotFoundError' });
    expect(server.requests).toHaveLength(1);
  });

  it('makes exactly one attempt with maxRetries 0', async () => {
    server.script(reply.json(503, {}));
    expect(await failure(client({ maxRetries: 0 }).getCall(CALL_ID))).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('createCall is sent again only when it provably never reached the API', () => {
  const BODY = {
    agentId: '3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b',
    channel: 'call',
    skillId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
    customerOverride: {},
  } as const;

  it('is not retried after a timeout: exactly one request arrives', async () => {
    server.script(reply.never());
    const error = await failure(client({ timeoutMs: 300, maxRetries: 2 }).createCall(BODY));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([500, 502, 503, 504, 408])('is not retried after a %i: exactly one request arrives', async (status) => {
    server.script(reply.json(status, { statusCode: status, message: 'no' }, { 'retry-after': '0' }));
    const error = await failure(client({ maxRetries: 2 }).createCall(BODY));
    expect(error).toMatchObject({ status });
    expect(server.requests).toHaveLength(1);
  });

  it('is not retried after a reset: the server may have acted on it', async () => {
    server.script(reply.reset());
    expect(await failure(client({ maxRetries: 2 }).createCall(BODY))).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it('is retried after a 429, which refuses the request unprocessed', async () => {
    server.script(reply.json(429, { statusCode: 429, message: 'Too Many Requests' }, { 'retry-after': '0' }), reply.json(200, CALL));
    await expect(client({ maxRetries: 2 }).createCall(BODY)).resolves.toEqual(CALL);
    expect(server.requests.map((request) => request.body)).toEqual([JSON.stringify(BODY), JSON.stringify(BODY)]);
  });

  it('is retried after a refused connection: nothing was sent', async () => {
    // A port nothing listens on, until the client waits to retry: then a server opens it.
    const later = await startFaultServer();
    const url = later.url;
    await later.close();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const call = createCallsClient({ baseUrl: url, maxRetries: 1 }).createCall(BODY);
    await until(() => timers.mock.calls.some(([, delay]) => typeof delay === 'number' && delay >= 375 && delay <= 500));
    const port = Number(new URL(url).port);
    const { createServer } = await import('node:http');
    const revived = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CALL)));
    await new Promise<void>((resolve) => revived.listen(port, '127.0.0.1', resolve));
    try {
      await expect(call).resolves.toEqual(CALL);
    } finally {
      revived.close();
    }
  });

  it('lets GET and PUT be retried after a timeout, as before', async () => {
    server.script(reply.never(), reply.json(200, [CALL]));
    await expect(client({ timeoutMs: 2_000, maxRetries: 1 }).listCalls()).resolves.toEqual([CALL]);
    expect(server.requests).toHaveLength(2);
  });
});

describe('timeouts and aborts', () => {
  it('throws TimeoutError when the server never answers', async () => {
    server.script(reply.never());
    const error = await failure(client({ timeoutMs: 200, maxRetries: 0 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(`getCall (GET /api/v1/calls/${CALL_ID}) timed out after 200 ms`);
  });

  it('times out a body that stalls after the headers', async () => {
    server.script(reply.stallBody());
    expect(await failure(client({ timeoutMs: 200, maxRetries: 0 }).getCall(CALL_ID))).toBeInstanceOf(TimeoutError);
  });

  it('lets a call override the client timeout', async () => {
    server.script(reply.never());
    const error = await failure(client({ timeoutMs: 60_000, maxRetries: 0 }).getCall(CALL_ID, { timeoutMs: 150 }));
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 150 });
  });

  it('retries a timeout, then succeeds', async () => {
    server.script(reply.never(), reply.json(200, CALL));
    // Long enough for a loopback answer on a busy machine; the first attempt waits it out in full.
    await expect(client({ timeoutMs: 2_000, maxRetries: 1 }).getCall(CALL_ID)).resolves.toEqual(CALL);
  });

  it("surfaces the caller's abort as an abort, not a timeout", async () => {
    server.script(reply.never());
    const controller = new AbortController();
    const call = failure(client({ timeoutMs: 60_000 }).getCall(CALL_ID, { signal: controller.signal }));
    await until(() => server.requests.length === 1);
    controller.abort();
    const error = await call;
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.name).toBe('AbortError');
  });

  it('stops waiting between retries when the caller aborts', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    server.script(reply.json(503, {}, { 'retry-after': '30' }));
    const controller = new AbortController();
    const call = failure(client().getCall(CALL_ID, { signal: controller.signal }));
    await until(() => timers.mock.calls.some(([, delay]) => delay === 30_000));
    controller.abort(new Error('caller gave up'));
    expect((await call).message).toBe('caller gave up');
    expect(server.requests).toHaveLength(1);
  });

  it('does not warn about listeners when one signal is shared by many calls', async () => {
    server.script(reply.json(503, {}, { 'retry-after': '0' }), reply.json(200, CALL));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const shared = new AbortController().signal;
      await Promise.all(
        Array.from({ length: 50 }, () =>
          client({ maxRetries: 1 })
            .getCall(CALL_ID, { signal: shared })
            .catch(() => undefined),
        ),
      );
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('never sends when the signal is already aborted', async () => {
    server.script(reply.json(200, CALL));
    const error = await failure(client().getCall(CALL_ID, { signal: AbortSignal.abort() }));
    expect(error.name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});

describe('broken answers', () => {
  it('throws ConnectionError on a reset, after retrying it', async () => {
    server.script(reply.reset());
    const error = await failure(client({ maxRetries: 1 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(new RegExp(`^getCall \\(GET /api/v1/calls/${CALL_ID}\\) failed: `));
    expect(server.requests).toHaveLength(2);
  });

  it('throws ConnectionError when nothing listens', async () => {
    const closed = await startFaultServer();
    await closed.close();
    const error = await failure(createCallsClient({ baseUrl: closed.url, maxRetries: 0 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
  });

  // Node's HTTP parser accepts each of these heads; the fetch standard's
  // Response does not, and neither do the high-level methods or raw.
  it.each([
    ['status 600', 'HTTP/1.1 600 Too High', /status 600, outside 200 to 599/],
    ['a control character in the reason', 'HTTP/1.1 200 O\u0001K', /control character in the reason phrase/],
    ['a space before a header colon', 'HTTP/1.1 200 OK\r\nx-space : y', /header name that is not a token/],
  ])('throws ConnectionError for a malformed head: %s, from getCall and raw alike', async (_name, head, reason) => {
    const send = (_request: unknown, _response: unknown, socket: Socket) => {
      socket.end(`${head}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
    };
    server.script(send);
    const error = await failure(client({ maxRetries: 0 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(reason);
    server.script(send);
    const raw = createRawClient({ baseUrl: server.url, maxRetries: 0 });
    const rawError = await failure(raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } }));
    expect(rawError).toBeInstanceOf(ConnectionError);
    expect(rawError.message).toMatch(reason);
  });

  it('keeps an HTML 502 page as text in the error body', async () => {
    const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    server.script((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(page));
    const error = await failure(client({ maxRetries: 0 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, body: page });
  });

  it('maps a status without a class of its own to ApiError', async () => {
    server.script(reply.json(409, { statusCode: 409, message: 'Conflict' }));
    const error = await failure(client().getCall(CALL_ID));
    expect(error.constructor).toBe(ApiError);
    expect(error).toMatchObject({ status: 409, body: { statusCode: 409, message: 'Conflict' } });
  });

  it('throws ResponseValidationError for an empty 200 body', async () => {
    server.script((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end());
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([{ path: '', message: 'is empty; a JSON body was expected' }]);
  });

  it('throws ResponseValidationError for truncated JSON', async () => {
    server.script(reply.text(200, JSON.stringify(CALL).slice(0, 40), { 'content-type': 'application/json' }));
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([{ path: '', message: 'is not valid JSON' }]);
  });
});

describe('response validation', () => {
  it('returns an off-contract body as data when not opted in', async () => {
    server.script(reply.json(200, PUBLISHED_CALL));
    await expect(client().getCall(CALL_ID)).resolves.toEqual(PUBLISHED_CALL);
  });

  it('lists each path and problem when opted in', async () => {
    server.script(reply.json(200, PUBLISHED_CALL, { 'x-request-id': 'req-42' }));
    const error = await failure(client({ validateResponses: responseValidator }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const { issues, requestId, status } = error as ResponseValidationError;
    expect([...issues].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '/agentEmail', message: 'must match format "email"' },
      { path: '/customerEmail', message: 'must match format "email"' },
      { path: '/duration', message: 'must be integer' },
    ]);
    expect({ requestId, status }).toEqual({ requestId: 'req-42', status: 200 });
  });

  it('accepts a conforming body when opted in, for both operations', async () => {
    server.script(reply.json(200, CALL));
    const validating = client({ validateResponses: responseValidator });
    await expect(validating.getCall(CALL_ID)).resolves.toEqual(CALL);
    await expect(validating.updateCall(CALL_ID, { status: 'completed' })).resolves.toEqual(CALL);
  });
});

describe('what is sent', () => {
  it('sends Basic credentials as UTF-8 with a colon and non-ASCII characters in the password', async () => {
    server.script(reply.json(200, CALL));
    await createCallsClient({ baseUrl: server.url, username: 'jörg', password: 'pa:ss wörd€' }).getCall(CALL_ID);
    const header = server.requests[0]?.headers.authorization ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(header.slice(6), 'base64')).toEqual(Buffer.from('jörg:pa:ss wörd€', 'utf8'));
  });

  it('sends the user agent, accept and content type', async () => {
    server.script(reply.json(200, CALL));
    await client({ userAgent: 'my-app/2.0' }).updateCall(CALL_ID, { status: 'completed' });
    expect(server.requests[0]?.headers).toMatchObject({ 'user-agent': 'my-app/2.0', accept: 'application/json', 'content-type': 'application/json' });
  });

  it('keeps a base URL path prefix and still names the operation', async () => {
    server.script(reply.json(404, { statusCode: 404, message: 'Call not found' }));
    const error = await failure(createCallsClient({ baseUrl: `${server.url}/gateway/elemente/` }).getCall(CALL_ID));
    expect(server.requests[0]?.url).toBe(`/gateway/elemente/api/v1/calls/${CALL_ID}`);
    expect(error).toMatchObject({ operation: 'getCall', path: `/gateway/elemente/api/v1/calls/${CALL_ID}` });
  });
});
