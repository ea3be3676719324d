// How a call ends when time runs out or the caller gives up: timeoutMs (the
// client's and a call's own), a body that stalls, an answer fetch never
// settles, and the caller's AbortSignal, shared by many calls or aborted
// before the call. Against a node:http server on loopback.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CallsClientOptions, createCallsClient, ElementeError, TimeoutError } from '../../src/index.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;
/** A condition polled every few milliseconds, given up well within the test timeout. */
const WAIT = { timeout: 30_000, interval: 5 };

const server = useFaultServer();
afterEach(() => {
  vi.restoreAllMocks();
});

function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, username: 'timeout-user', password: 'timeout-secret', ...options });
}

describe('timeouts', () => {
  it('throws TimeoutError when the server never answers', async () => {
    server.script(reply.never());
    const error = await client({ timeoutMs: 200, maxRetries: 0 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(`getCall (GET /api/v1/calls/${CALL_ID}) timed out after 200 ms`);
  });

  it('times out a body that stalls after the headers', async () => {
    server.script(reply.stallBody());
    await expect(client({ timeoutMs: 200, maxRetries: 0 }).getCall(CALL_ID)).rejects.toThrow(TimeoutError);
  });

  it('lets a call override the client timeout', async () => {
    server.script(reply.never());
    const error = await client({ timeoutMs: 60_000, maxRetries: 0 })
      .getCall(CALL_ID, { timeoutMs: 150 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TimeoutError', timeoutMs: 150 });
  });

  it('retries a timeout, then succeeds', async () => {
    server.script(reply.never(), reply.json(200, CALL));
    // Long enough for a loopback answer on a busy machine; the first attempt waits it out in full.
    await expect(client({ timeoutMs: 2_000, maxRetries: 1 }).getCall(CALL_ID)).resolves.toEqual(CALL);
  });

  // Node's fetch never settles a body that is not in the Content-Encoding it
  // declares once the connection closes, not even after an abort: the
  // client's own timeout must still end the call.
  it('gives up on a body in a broken encoding within timeoutMs', async () => {
    server.script((_request, _response, socket) => {
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\nconnection: close\r\n\r\nnot gzip at all');
    });
    await expect(client({ maxRetries: 0, timeoutMs: 200 }).getCall(CALL_ID)).rejects.toThrow(ElementeError);
  });

  // After a 421 fetch sends the request once more by itself; when that second
  // answer is cut short its body never settles either, and timeoutMs must end the call.
  it('gives up on a 421 whose answer is cut short within timeoutMs', async () => {
    server.script((_request, _response, socket) => {
      socket.end('HTTP/1.1 421 Misdirected Request\r\ncontent-length: 10\r\nconnection: close\r\n\r\n{}');
    });
    await expect(client({ maxRetries: 0, timeoutMs: 200 }).getCall(CALL_ID)).rejects.toThrow(ElementeError);
  });
});

describe("the caller's AbortSignal", () => {
  it("surfaces the caller's abort as an abort, not a timeout", async () => {
    server.script(reply.never());
    const controller = new AbortController();
    const call = client({ timeoutMs: 60_000 })
      .getCall(CALL_ID, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.waitUntil(() => server.requests.length === 1, WAIT);
    controller.abort();
    const error = await call;
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('stops waiting between retries when the caller aborts', async () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    // A wait no other timer of the call has: each attempt's own timer runs for timeoutMs.
    server.script(reply.json(503, {}, { 'retry-after': '20' }));
    const controller = new AbortController();
    const call = client({ timeoutMs: 30_000 })
      .getCall(CALL_ID, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    await vi.waitUntil(() => timers.mock.calls.some(([, delay]) => delay === 20_000), WAIT);
    controller.abort(new Error('caller gave up'));
    expect(await call).toMatchObject({ message: 'caller gave up' });
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

  it('one AbortSignal shared by 50 concurrent calls prints no MaxListenersExceededWarning', async () => {
    const held: ServerResponse[] = [];
    server.script((_req, res) => {
      held.push(res);
      if (held.length === 50) for (const response of held) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CALL));
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const calls = Array.from({ length: 50 }, () => client().getCall(CALL_ID, { signal: controller.signal }));
      await expect(Promise.all(calls)).resolves.toHaveLength(50);
      // Then 50 calls waiting on the same signal, aborted together.
      server.script(reply.never());
      const pending = Array.from({ length: 50 }, () =>
        client()
          .getCall(CALL_ID, { signal: controller.signal })
          .catch((error: unknown) => error),
      );
      await vi.waitUntil(() => server.requests.length === 50, WAIT);
      const reason = new Error('caller aborted');
      controller.abort(reason);
      expect(await Promise.all(pending)).toEqual(Array.from({ length: 50 }, () => reason));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('never sends when the signal is already aborted', async () => {
    server.script(reply.json(200, CALL));
    const error = await client()
      .getCall(CALL_ID, { signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});
