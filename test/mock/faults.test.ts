// Faults on request, through the MSW door: a share of the requests the
// contract accepts answered with a documented failure, drawn from a seed, so
// that the same requests meet the same faults; a delay before every
// response; options of the wrong shape refused when the handlers are made.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { drawLatency, FAILURE_STATUSES, resolveFaults } from '../../src/mock/faults.js';
import { type CallsFaults, createCallsHandlers, createCallsStore } from '../../src/msw.js';
import { CALL_ID } from '../helpers/contract.js';

const BASE_URL = 'https://faults.msw.test';
const AUTH = { authorization: `Basic ${btoa('faults:faults-secret')}` };
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const get = (headers: Record<string, string> = AUTH) => fetch(`${BASE_URL}/api/v1/calls/${CALL_ID}`, { headers });
/** The statuses of `count` reads, with the handlers given `faults`. */
async function statuses(faults: CallsFaults, count: number): Promise<number[]> {
  server.resetHandlers(...createCallsHandlers({ baseUrl: BASE_URL, faults }));
  const seen: number[] = [];
  for (let index = 0; index < count; index += 1) seen.push((await get()).status);
  return seen;
}

describe('createCallsHandlers({ faults })', () => {
  it("answers every accepted request with the contract's 503, its body and Retry-After: 1, at a rate of 1", async () => {
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, faults: { failRate: 1 } }));
    const response = await get();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual(examples.ServiceUnavailable);
    // A request the contract refuses gets its refusal, not a fault.
    expect((await get({})).status).toBe(401);
  });

  it('draws the same faults for the same seed, others for another, at about the rate asked', async () => {
    const first = await statuses({ failRate: 0.3, failWith: [429, 500, 503], seed: 5 }, 60);
    expect(await statuses({ failRate: 0.3, failWith: [429, 500, 503], seed: 5 }, 60)).toEqual(first);
    expect(await statuses({ failRate: 0.3, failWith: [429, 500, 503], seed: 6 }, 60)).not.toEqual(first);
    const failed = first.filter((status) => status !== 200);
    // Seeded: this count is the same on every run; it only has to be a plausible share of 60.
    expect(failed.length).toBeGreaterThan(5);
    expect(failed.length).toBeLessThan(35);
    expect(new Set(failed)).toEqual(new Set([429, 500, 503]));
  });

  it('fails with the example of each status asked for', async () => {
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, faults: { failRate: 1, failWith: [429] } }));
    const limited = await get();
    expect([limited.status, limited.headers.get('retry-after'), await limited.json()]).toEqual([429, '1', examples.TooManyRequests]);
    server.resetHandlers(...createCallsHandlers({ baseUrl: BASE_URL, faults: { failRate: 1, failWith: [500] } }));
    expect(await (await get()).json()).toEqual(examples.InternalServerError);
  });

  it('changes no state with a failed request', async () => {
    const store = createCallsStore();
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, store, faults: { failRate: 1 } }));
    const before = store.calls();
    const response = await fetch(`${BASE_URL}/api/v1/calls`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(examples.StartPhoneCall),
    });
    expect(response.status).toBe(503);
    expect(store.calls()).toEqual(before);
    // It is in the journal, with the status it got.
    expect(store.requests().map(({ operation, status }) => ({ operation, status }))).toEqual([{ operation: 'createCall', status: 503 }]);
  });

  it('waits the latency asked for before it answers, a time drawn per request within a range', async () => {
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, faults: { latencyMs: 300 } }));
    const started = performance.now();
    expect((await get()).status).toBe(200);
    // A lower bound only: a timer never fires early, however busy the machine.
    expect(performance.now() - started).toBeGreaterThanOrEqual(299);
    const draws = (seed: number) => {
      const faults = resolveFaults({ latencyMs: [100, 200], seed })!;
      return Array.from({ length: 200 }, () => drawLatency(faults));
    };
    const first = draws(3);
    expect(draws(3)).toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...first)).toBeLessThanOrEqual(200);
    expect(new Set(first).size).toBeGreaterThan(20);
  });
});

describe('faults of the wrong shape are refused when the handlers are made', () => {
  it.each([
    [{ failRate: 2 }, 'faults.failRate: must be a number from 0 to 1'],
    [{ failRate: Number.NaN }, 'faults.failRate: must be a number from 0 to 1'],
    [{ failWith: [200] }, `faults.failWith: must list failures every operation documents: ${FAILURE_STATUSES.join(', ')}`],
    [{ failWith: [] }, 'faults.failWith: must list failures every operation documents'],
    [{ latencyMs: -1 }, 'faults.latencyMs: must be a whole number of milliseconds from 0 to 600000'],
    [{ latencyMs: [500, 100] }, 'faults.latencyMs: must not have its minimum above its maximum'],
    [{ latencyMs: '100' }, 'faults.latencyMs: must be a whole number of milliseconds'],
    [{ seed: 1.5 }, 'faults.seed: must be a whole number from 0 to 4294967295'],
    [{ failrate: 0.5 }, 'faults.failrate: is not an option of faults'],
    ['often', 'faults: must be an object'],
  ])('%j', (faults, message) => {
    expect(() => createCallsHandlers({ faults: faults as CallsFaults })).toThrow(message);
  });

  it('and so are options that are not createCallsHandlers', () => {
    expect(() => createCallsHandlers({ baseUrl: 'not a url' })).toThrow('baseUrl: must be an absolute URL');
    expect(() => createCallsHandlers({ answer: {} } as never)).toThrow('answer: is not an option of createCallsHandlers');
    expect(() => createCallsHandlers({ answers: { deleteCall: { status: 200, body: null } } } as never)).toThrow('answers.deleteCall: is not an operation');
  });

  it('the failures are those every operation documents', () => {
    expect(FAILURE_STATUSES).toEqual([400, 401, 429, 500, 503]);
  });
});
