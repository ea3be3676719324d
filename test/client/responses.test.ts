// What the client makes of any answer, or of a failure to get one: a typed
// ElementeError for every failure (deep, huge, truncated, malformed or
// mislabelled bodies, broken heads, a fetch that throws anything), bodies
// bounded by maxResponseBytes and error bodies by the kept size, and
// validation of every 2xx when opted in. Against a node:http server on loopback.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  BadRequestError,
  type CallsClientOptions,
  ConnectionError,
  createCallsClient,
  ElementeError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { responseValidator } from '../../src/validation.js';
import { CALL_ID, loadBundle, readFixture } from '../helpers/contract.js';
import { type FaultHandler, reply, startFaultServer, useFaultServer } from '../helpers/fault-server.js';
import { expectNoCredential, renderings } from '../helpers/leaks.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;
const PUBLISHED_CALL = readFixture('published/get-call-response.json');
/** A condition polled every few milliseconds, given up well within the test timeout. */
const WAIT = { timeout: 30_000, interval: 5 };
// Random-looking credentials, so that no start of one can occur in the client's own text.
const USERNAME = 'Rq4t-Wz8n';
const PASSWORD = 'Vb7-Kx2%Lm9';
const CREDENTIALS = { username: USERNAME, password: PASSWORD };

const server = useFaultServer();

/** One attempt per call: each error below comes from the one answer scripted for it. */
function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, ...CREDENTIALS, maxRetries: 0, ...options });
}

/** Streams `chunk` `times` times with backpressure, stopping when the client goes away; the counts say how far it got. */
function streamed(status: number, headers: Record<string, string>, chunk: Buffer, times: number) {
  const stats = { written: 0, total: chunk.length * times, done: false, finished: false };
  const handler: FaultHandler = (_req, res: ServerResponse) => {
    res.writeHead(status, headers);
    let sent = 0;
    res.on('close', () => {
      stats.finished = res.writableFinished;
      stats.done = true;
    });
    const pump = () => {
      while (sent < times && !res.destroyed) {
        sent += 1;
        stats.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  return { stats, handler };
}

describe('every failure is an ElementeError', () => {
  const DEPTH = 100_000;
  const deep = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

  it('a 100,000-deep nested-array error body is a typed error, not a RangeError', async () => {
    server.script(reply.text(400, deep, { 'content-type': 'application/json' }));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(() => inspect(error, { depth: 10 })).not.toThrow();
  });

  it('a deep error body that fits the kept size is parsed without a RangeError', async () => {
    const nested = '['.repeat(3_000) + ']'.repeat(3_000);
    server.script(reply.text(500, `{"statusCode":500,"message":${nested},"error":${nested}}`, { 'content-type': 'application/json' }));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(() => JSON.stringify(error)).not.toThrow();
  });

  it('a 100,000-deep 200 body is a typed error when validated, and never a RangeError', async () => {
    server.script(reply.text(200, deep, { 'content-type': 'application/json' }));
    const error = await client({ validateResponses: responseValidator })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const list = await client({ validateResponses: responseValidator })
      .listCalls()
      .catch((caught: unknown) => caught);
    expect(list).toBeInstanceOf(ResponseValidationError);
  });

  it('a custom fetch that throws a non-Error, or a hostile Proxy, still ends in an ElementeError', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error(`trap ${PASSWORD}`);
        },
      },
    );
    for (const value of ['a string', 42, null, hostile]) {
      const error = await client({
        fetch: () => {
          throw value;
        },
      })
        .getCall(CALL_ID)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ElementeError);
      expectNoCredential(renderings(error), CREDENTIALS);
    }
  });

  it('throws ConnectionError on a reset, after retrying it', async () => {
    server.script(reply.reset());
    const error = await client({ maxRetries: 1 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(new RegExp(`^getCall \\(GET /api/v1/calls/${CALL_ID}\\) failed: `));
    expect(server.requests).toHaveLength(2);
  });

  it('throws ConnectionError when nothing listens', async () => {
    const closed = await startFaultServer();
    await closed.close();
    const error = await createCallsClient({ baseUrl: closed.url, maxRetries: 0 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  // Some of these heads Node's HTTP parser accepts and the fetch standard's
  // Response does not; the others the parser refuses, in words and with
  // codes that change from one Node version to the next. Either way, the
  // high-level methods and raw say the same, on every Node.
  it.each([
    ['status 600', 'HTTP/1.1 600 Too High', 'status 600, outside 200 to 599'],
    ['a control character in the reason', 'HTTP/1.1 200 O\u0001K', 'a control character in the reason phrase'],
    ['a space before a header colon', 'HTTP/1.1 200 OK\r\nx-space : y', 'a header name that is not a token'],
    ['an @ in a header name', 'HTTP/1.1 200 OK\r\nx@y: z', 'a header name that is not a token'],
    ['a control character in a header value', 'HTTP/1.1 200 OK\r\nx-note: a\u0001b', 'a control character in a header value'],
    ['a bare LF in a header value', 'HTTP/1.1 200 OK\r\nx-note: a\nb', 'a control character in a header value'],
    ['a bare CR in a header value', 'HTTP/1.1 200 OK\r\nx-note: a\rb', 'a control character in a header value'],
    ['a status line that is not HTTP', 'HTTX/1.1 200 OK', 'not valid HTTP/1.1'],
  ])('throws ConnectionError for a malformed head: %s, from getCall and raw alike', async (_name, head, reason) => {
    const send = (_request: unknown, _response: unknown, socket: Socket) => {
      socket.end(`${head}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
    };
    const message = `getCall (GET /api/v1/calls/${CALL_ID}) failed: the server sent a malformed response (${reason})`;
    server.script(send);
    const error = await client({ maxRetries: 0 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ message, code: undefined });
    server.script(send);
    const raw = createRawClient({ baseUrl: server.url, maxRetries: 0 });
    const rawError = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } }).catch((caught: unknown) => caught);
    expect(rawError).toBeInstanceOf(ConnectionError);
    expect(rawError).toMatchObject({ message, code: undefined });
  });

  // Node's fetch rejects a 407 (it expects a proxy to ask) with a TypeError whose cause has an empty message:
  // the ConnectionError must still say why.
  it('says why when a 407 becomes a connection error', async () => {
    server.script(reply.json(407, {}));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).not.toMatch(/failed: $/);
  });

  it('keeps an HTML 502 page as text in the error body', async () => {
    const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    server.script((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(page));
    const error = await client({ maxRetries: 0 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, body: page });
  });

  it('maps a status without a class of its own to ApiError', async () => {
    server.script(reply.json(409, { statusCode: 409, message: 'Conflict' }));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect((error as Error).constructor).toBe(ApiError);
    expect(error).toMatchObject({ status: 409, body: { statusCode: 409, message: 'Conflict' } });
  });

  it('throws ResponseValidationError for an empty 200 body', async () => {
    server.script((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end());
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([{ path: '', message: 'is empty; a JSON body was expected' }]);
  });

  it('throws ResponseValidationError for truncated JSON', async () => {
    server.script(reply.text(200, JSON.stringify(CALL).slice(0, 40), { 'content-type': 'application/json' }));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([{ path: '', message: 'is not valid JSON' }]);
  });
});

describe('bounded responses', () => {
  // The kept body is capped at 8 KiB (MAX_ERROR_BODY_BYTES) and ends with " [cut at 8192 bytes]".
  it('a 50 MB 500 page is cut at 8 KiB with the cut marker, and the rest is never read', async () => {
    const page = streamed(500, { 'content-type': 'text/html' }, Buffer.alloc(64 * 1024, 'x'), 800);
    expect(page.stats.total).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    server.script(page.handler);
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    const { body } = error as ServerError;
    expect(typeof body).toBe('string');
    expect(body as string).toMatch(/ \[cut at 8192 bytes\]$/);
    expect((body as string).length).toBe(8192 + ' [cut at 8192 bytes]'.length);
    await vi.waitUntil(() => page.stats.done, WAIT);
    expect(page.stats.finished).toBe(false);
    expect(page.stats.written).toBeLessThan(page.stats.total / 2);
  });

  it('a 200 over maxResponseBytes is a ResponseTooLargeError naming the limit, with or without a stated length', async () => {
    const big = JSON.stringify({ ...(CALL as object), transcription: 'x'.repeat(100_000) });
    for (const handler of [
      reply.text(200, big, { 'content-type': 'application/json' }),
      (_req: unknown, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(big.slice(0, 50_000));
        res.end(big.slice(50_000));
      },
    ] as FaultHandler[]) {
      server.script(handler);
      const error = await client({ maxResponseBytes: 65_536 })
        .getCall(CALL_ID)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ maxResponseBytes: 65_536, operation: 'getCall', method: 'GET' });
    }
    // At the limit exactly, the answer is read.
    server.script(reply.text(200, big, { 'content-type': 'application/json' }));
    await expect(client({ maxResponseBytes: Buffer.byteLength(big) }).getCall(CALL_ID)).resolves.toMatchObject({ id: (CALL as { id: string }).id });
  });

  // One gzip member of 1 MiB of zeros is about 1 kB; members repeat, so the
  // answer would inflate to 64 GiB from about 68 MB on the wire.
  it('a gzip bomb is a ResponseTooLargeError, its body cancelled, memory near the limit', async () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = streamed(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, member, 64 * 1024);
    server.script(bomb.handler);
    const before = process.memoryUsage().rss;
    const error = await client({ maxResponseBytes: 1024 * 1024 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).maxResponseBytes).toBe(1024 * 1024);
    await vi.waitUntil(() => bomb.stats.done, WAIT);
    // The client went away early: far less was sent than the bomb holds.
    expect(bomb.stats.finished).toBe(false);
    expect(bomb.stats.written).toBeLessThan(bomb.stats.total / 4);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('a gzip bomb as an error body is cut at the kept size', async () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024, ' '));
    const bomb = streamed(503, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, member, 64 * 1024);
    server.script(bomb.handler);
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).body).toMatch(/ \[cut at 8192 bytes\]$/);
    await vi.waitUntil(() => bomb.stats.done, WAIT);
    expect(bomb.stats.written).toBeLessThan(bomb.stats.total / 4);
  });
});

describe('response validation', () => {
  it('returns an off-contract body as data when not opted in', async () => {
    server.script(reply.json(200, PUBLISHED_CALL));
    await expect(client().getCall(CALL_ID)).resolves.toEqual(PUBLISHED_CALL);
  });

  it('lists each path and problem when opted in', async () => {
    server.script(reply.json(200, PUBLISHED_CALL, { 'x-request-id': 'req-42' }));
    const error = await client({ validateResponses: responseValidator })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
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

  it.each([201, 202, 203, 206])('an undocumented %i on getCall is a ResponseValidationError', async (status) => {
    server.script(reply.json(status, CALL));
    const error = await client({ validateResponses: responseValidator })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ status, operation: 'getCall' });
  });

  it('the documented 200 passes', async () => {
    server.script(reply.json(200, CALL));
    await expect(client({ validateResponses: responseValidator }).getCall(CALL_ID)).resolves.toEqual(CALL);
  });
});
