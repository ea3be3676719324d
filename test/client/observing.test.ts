// What a consuming team reaches for past the data: options checked by name, a
// broken injected fetch told from the network, one redacted event per
// attempt (onAttempt), the answer's metadata on success (withResponse), and
// waiting for a call to end (waitForCall). Against a loopback server.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { examples } from '../../src/examples.js';
import {
  type AttemptEvent,
  ConnectionError,
  createCallsClient,
  ElementeError,
  InvalidArgumentError,
  isFinalStatus,
  NotFoundError,
  ServerError,
  WaitTimeoutError,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { responseValidator } from '../../src/validation.js';
import { CALL_ID } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';
import { expectNoCredential, renderings } from '../helpers/leaks.js';
import { refusal } from '../helpers/refusals.js';

// Random-looking, so that no start of either can occur in the client's own text.
const USERNAME = 'Ob5k-Wq2z';
const PASSWORD = 'Zt8-Secret-9f3';
const CREDENTIALS = { username: USERNAME, password: PASSWORD };
const TOKEN = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');

const server = useFaultServer();

const options = (more: Record<string, unknown> = {}) => ({ baseUrl: server.url, username: USERNAME, password: PASSWORD, ...more });
describe('options checked by name', () => {
  it.each([
    ['timeout', 'timeoutMs'],
    ['retries', 'maxRetries'],
    ['validate', 'validateResponses'],
    ['userName', 'username'],
    ['onattempts', 'onAttempt'],
  ])('refuses %s in createCallsClient and createRawClient, naming %s', (typo, known) => {
    for (const create of [createCallsClient, createRawClient]) {
      expect(() => create(options({ [typo]: 1 }) as never)).toThrow(refusal(typo, expect.stringContaining(`"${known}"`)));
    }
  });

  it("refuses an unknown key in a call's options before anything is sent", async () => {
    const before = server.requests.length;
    const error = await createCallsClient(options())
      .getCall(CALL_ID, { timeout: 5 } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('timeout');
    expect((error as Error).message).toContain('"timeoutMs"');
    expect(server.requests.length).toBe(before);
  });

  it('takes validateResponses: false as off, as strict && responseValidator gives it', async () => {
    const strict = false as boolean;
    server.script(reply.json(200, { ...examples.CallInProgress, duration: 'not a number' }));
    const lenient = createCallsClient(options({ validateResponses: strict && responseValidator }));
    await expect(lenient.getCall(CALL_ID)).resolves.toMatchObject({ duration: 'not a number' });
  });
});

describe('a broken injected fetch is the caller’s, not the network', () => {
  it.each([
    [
      'throws instead of returning a promise',
      () => {
        throw new TypeError(`broken with ${PASSWORD}`);
      },
    ],
    ['resolves to something that is not a Response', async () => ({ status: 200 })],
    ['resolves to nothing', async () => undefined],
  ])('a fetch that %s: one typed ElementeError, not retried, no credential', async (_name, broken) => {
    let calls = 0;
    const fetch = (() => {
      calls += 1;
      return (broken as () => unknown)();
    }) as unknown as typeof globalThis.fetch;
    const error = await createCallsClient(options({ fetch, maxRetries: 2 }))
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ElementeError);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('the fetch passed to the client');
    expect(calls).toBe(1);
    expectNoCredential(renderings(error), CREDENTIALS);
  });
});

describe('createRawClient refuses bad input with InvalidArgumentError, and sends nothing', () => {
  const raw = () => createRawClient(options({ maxRetries: 0 }));
  const get = (init: Record<string, unknown>) => raw().GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } }, ...init } as never);

  it.each([
    ['a header name with a space', { headers: { 'x y': '1' } }, 'headers'],
    ['an empty header name', { headers: { '': '1' } }, 'headers'],
    ['a header name with @', { headers: { 'S@': '1' } }, 'headers'],
    ['a header value beyond Latin-1', { headers: { 'x-note': 'café ☕' } }, 'headers.x-note'],
    ['a header value with a line break', { headers: [['x-note', 'a\r\nb']] }, 'headers.x-note'],
    ['a signal that is not an AbortSignal', { signal: { aborted: false } }, 'signal'],
    ['a fetch of its own', { fetch: globalThis.fetch }, 'fetch'],
    ['a baseUrl of its own', { baseUrl: 'https://elsewhere.example' }, 'baseUrl'],
  ])('%s', async (_name, init, argument) => {
    const before = server.requests.length;
    const error = await get(init).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(server.requests.length).toBe(before);
  });

  it('keeps openapi-fetch’s header values that are numbers or lists', async () => {
    server.script(reply.json(200, examples.CallInProgress));
    const { data } = await get({ headers: { 'x-attempt': 2, 'x-tags': ['a', 'b'] } });
    expect(data).toEqual(examples.CallInProgress);
    expect(server.requests.at(-1)?.headers['x-attempt']).toBe('2');
  });

  it('throws nothing but ElementeError for any headers, whatever is sent (fuzzed, fixed seed)', async () => {
    server.script(reply.json(200, examples.CallInProgress));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null))), async (headers) => {
        const outcome = await get({ headers }).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) expect(outcome).toBeInstanceOf(ElementeError);
      }),
      { numRuns: 300 },
    );
  });
});

describe('onAttempt: one redacted event per attempt', () => {
  it('tells of a retried 503, then the success, with status, request id, duration and the wait', async () => {
    const events: AttemptEvent[] = [];
    server.script(
      reply.json(503, { statusCode: 503, message: 'busy' }, { 'retry-after': '0', 'x-request-id': 'req-1' }),
      reply.json(200, examples.CallInProgress, { 'x-request-id': 'req-2' }),
    );
    const client = createCallsClient(options({ onAttempt: (event: AttemptEvent) => events.push(event) }));
    await client.getCall(CALL_ID);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ operation: 'getCall', method: 'GET', path: `/api/v1/calls/${CALL_ID}`, attempt: 1, outcome: 'retry', status: 503 });
    expect(events[0]?.requestId).toBe('req-1');
    expect(events[0]?.retryInMs).toBeGreaterThanOrEqual(0);
    expect(events[0]?.error).toBeInstanceOf(ElementeError);
    expect(events[1]).toMatchObject({ attempt: 2, outcome: 'ok', status: 200, requestId: 'req-2' });
    expect(events[1]?.error).toBeUndefined();
    for (const event of events) expect(event.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('tells of the failing attempt with its error, and holds no credential in any rendering', async () => {
    const events: AttemptEvent[] = [];
    server.script(reply.json(404, { statusCode: 404, message: `no call for ${USERNAME} (${TOKEN})` }));
    const error = await createCallsClient(options({ onAttempt: (event: AttemptEvent) => events.push(event) }))
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'error', status: 404, error });
    expectNoCredential(renderings(events), CREDENTIALS);
  });

  it('tells of a connection failure, and a hook that throws or rejects changes nothing', async () => {
    const events: AttemptEvent[] = [];
    server.script(reply.reset());
    const failing = createCallsClient(
      options({
        maxRetries: 0,
        onAttempt: (event: AttemptEvent) => {
          events.push(event);
          throw new Error('the hook broke');
        },
      }),
    );
    expect(await failing.getCall(CALL_ID).catch((caught: unknown) => caught)).toBeInstanceOf(ConnectionError);
    expect(events[0]).toMatchObject({ outcome: 'error', attempt: 1 });
    expect(events[0]?.status).toBeUndefined();
    server.script(reply.json(200, examples.CallInProgress));
    const rejecting = createCallsClient(options({ onAttempt: () => Promise.reject(new Error('async hook broke')) }));
    await expect(rejecting.getCall(CALL_ID)).resolves.toEqual(examples.CallInProgress);
  });

  it('is told the same by both clients: a retried 503 and a final 404 carry the error createCallsClient throws', async () => {
    const answers = () =>
      server.script(
        reply.json(503, { statusCode: 503, message: 'busy' }, { 'retry-after': '0', 'x-request-id': 'req-1' }),
        reply.json(404, { statusCode: 404, message: 'Call not found' }, { 'x-request-id': 'req-2' }),
      );
    const core: AttemptEvent[] = [];
    const raw: AttemptEvent[] = [];
    answers();
    const thrown = await createCallsClient(options({ onAttempt: (event: AttemptEvent) => core.push(event) }))
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    answers();
    const { response } = await createRawClient(options({ onAttempt: (event: AttemptEvent) => raw.push(event) })).GET('/api/v1/calls/{id}', {
      params: { path: { id: CALL_ID } },
    });
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect(response.status).toBe(404);
    expect(core.map((event) => [event.outcome, event.error?.constructor])).toEqual([
      ['retry', ServerError],
      ['error', NotFoundError],
    ]);
    expect(core[1]?.error).toBe(thrown);
    // Durations aside, the events are equal, and so are their errors' classes and fields.
    const comparable = ({ durationMs, error, ...event }: AttemptEvent) => ({ ...event, error: error && [error.constructor, error.toJSON()] });
    expect(raw.map(comparable)).toEqual(core.map(comparable));
  });

  it('is told by the raw client too', async () => {
    const events: AttemptEvent[] = [];
    server.script(reply.json(200, examples.CallInProgress));
    await createRawClient(options({ onAttempt: (event: AttemptEvent) => events.push(event) })).GET('/api/v1/calls/{id}', {
      params: { path: { id: CALL_ID } },
    });
    expect(events).toEqual([expect.objectContaining({ operation: 'getCall', attempt: 1, outcome: 'ok', status: 200 })]);
  });
});

describe('withResponse', () => {
  it('resolves to the data with the status, a copy of the headers and the request id', async () => {
    server.script(reply.json(200, examples.CallInProgress, { 'x-request-id': 'req-42' }));
    const answer = await createCallsClient(options()).withResponse.getCall(CALL_ID);
    expect(answer.data).toEqual(examples.CallInProgress);
    expect(answer.status).toBe(200);
    expect(answer.requestId).toBe('req-42');
    expect(answer.headers.get('content-type')).toBe('application/json');
    answer.headers.set('x-mine', '1');
    expect(answer.headers.get('x-mine')).toBe('1');
  });

  it('has every operation, and fails as the plain method does', async () => {
    const client = createCallsClient(options());
    expect(Object.keys(client.withResponse).sort()).toEqual(['createCall', 'getCall', 'listCalls', 'updateCall']);
    server.script(reply.json(404, { statusCode: 404, message: 'Call not found' }));
    expect(await client.withResponse.getCall(CALL_ID).catch((caught: unknown) => caught)).toBeInstanceOf(NotFoundError);
  });
});

describe('waitForCall', () => {
  const call = (status: string) => ({ ...examples.CallInProgress, status });

  it('reads until the status is final, by default', async () => {
    server.script(reply.json(200, call('ringing')), reply.json(200, call('in-progress')), reply.json(200, call('completed')));
    const before = server.requests.length;
    const done = await createCallsClient(options()).waitForCall(CALL_ID, { intervalMs: 0 });
    expect(done.status).toBe('completed');
    expect(server.requests.length - before).toBe(3);
  });

  it('reads until a condition of the caller holds', async () => {
    server.script(reply.json(200, call('queued')), reply.json(200, call('ringing')));
    const ringing = await createCallsClient(options()).waitForCall(CALL_ID, { intervalMs: 0, until: (current) => current.status === 'ringing' });
    expect(ringing.status).toBe('ringing');
  });

  it('on the deadline, rejects with WaitTimeoutError carrying the last call seen', async () => {
    // The read cut short by the deadline may still arrive after the test ends: at this test's own server (useFaultServer), closed by then.
    server.script(reply.json(200, call('in-progress')));
    const error = await createCallsClient(options())
      .waitForCall(CALL_ID, { intervalMs: 1, timeoutMs: 50 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toBeInstanceOf(ElementeError);
    expect((error as WaitTimeoutError).lastCall?.status).toBe('in-progress');
  });

  it('honours Retry-After: a wait asked past the deadline ends the wait there, without another read', async () => {
    server.script(reply.json(200, call('ringing'), { 'retry-after': '5' }), reply.json(200, call('completed')));
    const before = server.requests.length;
    const error = await createCallsClient(options())
      .waitForCall(CALL_ID, { intervalMs: 0, timeoutMs: 200 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(server.requests.length - before).toBe(1);
  });

  it('ends at once on an error that waiting cannot fix, and refuses bad options', async () => {
    server.script(reply.json(404, { statusCode: 404, message: 'Call not found' }));
    const client = createCallsClient(options());
    expect(await client.waitForCall(CALL_ID, { intervalMs: 0 }).catch((caught: unknown) => caught)).toBeInstanceOf(NotFoundError);
    expect(await client.waitForCall('not-a-uuid').catch((caught: unknown) => caught)).toBeInstanceOf(InvalidArgumentError);
    expect(await client.waitForCall(CALL_ID, { interval: 5 } as never).catch((caught: unknown) => caught)).toBeInstanceOf(InvalidArgumentError);
    expect(await client.waitForCall(CALL_ID, { timeoutMs: 0 }).catch((caught: unknown) => caught)).toBeInstanceOf(InvalidArgumentError);
  });

  it('stops on the caller’s signal with its reason', async () => {
    server.script(reply.json(200, call('in-progress')));
    const controller = new AbortController();
    const reason = new Error('the user left the page');
    const waiting = createCallsClient(options()).waitForCall(CALL_ID, { intervalMs: 60_000, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThan(0));
    controller.abort(reason);
    expect(await waiting.catch((caught: unknown) => caught)).toBe(reason);
  });
});

describe('isFinalStatus', () => {
  it('calls an outcome or an ended conversation final, and a call still under way not', () => {
    for (const status of ['completed', 'failed', 'busy', 'no-answer', 'voicemail', 'canceled', 'expired', 'close', 'closed', 'resolved'])
      expect(isFinalStatus(status), status).toBe(true);
    for (const status of ['queued', 'pending', 'processing', 'ringing', 'answer', 'in-progress', 'ongoing', 'open', 'stalled'])
      expect(isFinalStatus(status), status).toBe(false);
  });
});
