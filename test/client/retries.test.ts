// When the client sends a request again, and when it gives up: the statuses
// it retries, Retry-After (waited for up to a cap, carried on the error
// either way), maxRetries, and createCall, sent again only when it provably
// never reached the API. Against a node:http server on loopback; every wait
// is read off the timers the client sets, never off a clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  type CallsClientOptions,
  ConnectionError,
  createCallsClient,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';
import { reply, startFaultServer, useFaultServer } from '../helpers/fault-server.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;
/** A condition polled every few milliseconds, given up well within the test timeout. */
const WAIT = { timeout: 30_000, interval: 5 };

const server = useFaultServer();
afterEach(() => {
  vi.restoreAllMocks();
});

/** A client with the default retries unless a test says otherwise. */
function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, username: 'retry-user', password: 'retry-secret', ...options });
}

describe('what is sent again', () => {
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
    const error = await client({ maxRetries: 2 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 0, requestId: 'req-429' });
    expect(server.requests).toHaveLength(3);
  });

  it('does not wait for a Retry-After above the cap: the caller gets the error at once', async () => {
    server.script(reply.json(429, { statusCode: 429, message: 'Too Many Requests' }, { 'retry-after': '3600' }));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'RateLimitError', retryAfterMs: 3_600_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('gives a 503 with a Retry-After over the cap back at once, with retryAfterMs', async () => {
    server.script(reply.json(503, { statusCode: 503, message: 'Service Unavailable' }, { 'retry-after': '120' }));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 500 or a 404', async () => {
    server.script(reply.json(500, { statusCode: 500, message: 'Internal server error' }));
    await expect(client().getCall(CALL_ID)).rejects.toThrow(ServerError);
    expect(server.requests).toHaveLength(1);
    server.script(reply.json(404, { statusCode: 404, message: 'Call not found', error: 'Not Found' }));
    await expect(client().getCall(CALL_ID)).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(server.requests).toHaveLength(1);
  });

  it('makes exactly one attempt with maxRetries 0', async () => {
    server.script(reply.json(503, {}));
    await expect(client({ maxRetries: 0 }).getCall(CALL_ID)).rejects.toThrow(ServerError);
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
    const error = await client({ timeoutMs: 300, maxRetries: 2 })
      .createCall(BODY)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([500, 502, 503, 504, 408])('is not retried after a %i: exactly one request arrives', async (status) => {
    server.script(reply.json(status, { statusCode: status, message: 'no' }, { 'retry-after': '0' }));
    const error = await client({ maxRetries: 2 })
      .createCall(BODY)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status });
    expect(server.requests).toHaveLength(1);
  });

  it('is not retried after a reset: the server may have acted on it', async () => {
    server.script(reply.reset());
    await expect(client({ maxRetries: 2 }).createCall(BODY)).rejects.toThrow(ConnectionError);
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
    await vi.waitUntil(() => timers.mock.calls.some(([, delay]) => typeof delay === 'number' && delay >= 375 && delay <= 500), WAIT);
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

describe('Retry-After on every error that may carry it', () => {
  it.each([
    [429, RateLimitError],
    [503, ServerError],
    [500, ServerError],
    [401, AuthenticationError],
  ] as const)('%i with Retry-After: 120 carries retryAfterMs 120000', async (status, type) => {
    server.script(reply.json(status, { statusCode: status, message: 'wait' }, { 'retry-after': '120' }));
    const error = await client({ maxRetries: 0 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, retryAfterMs: 120_000 });
  });

  // 120 s is above the longest wait the client makes: the error comes back at once, retries or not.
  it('a Retry-After above the longest wait is not waited for, even with retries left', async () => {
    server.script(reply.json(503, { statusCode: 503, message: 'later' }, { 'retry-after': '120' }));
    const error = await client({ maxRetries: 2 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('an HTTP-date Retry-After is converted to milliseconds', async () => {
    const at = new Date(Date.now() + 3_600_000).toUTCString();
    server.script(reply.json(429, { statusCode: 429, message: 'later' }, { 'retry-after': at }));
    const error = await client({ maxRetries: 0 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    const { retryAfterMs } = error as RateLimitError;
    expect(retryAfterMs).toBeGreaterThan(3_000_000);
    expect(retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('a redirect with Retry-After carries it too', async () => {
    server.script(reply.text(303, '', { location: '/elsewhere', 'retry-after': '7' }));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ retryAfterMs: 7_000 });
  });
});
