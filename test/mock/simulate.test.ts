// Calls that live, through the MSW door: createCallsStore({ simulate: true })
// under a clock the test moves. The same seed and the same requests at the
// same moments give the same lives; a created call rings, talks and ends,
// read by the client's own waitForCall; an update that sets a status wins
// over the life; the starting calls do not move.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { type Call, type CreateCallRequest, createCallsClient, isFinalStatus } from '../../src/index.js';
import { type CallsStore, createCallsHandlers, createCallsStore } from '../../src/msw.js';
import { responseValidator } from '../../src/validation.js';
import { ContractValidator } from '../helpers/contract.js';

const BASE_URL = 'https://simulate.msw.test';
const START = Date.parse('2026-12-07T10:00:00Z');
const server = setupServer();
const client = createCallsClient({ username: 'sim', password: 'sim-secret', baseUrl: BASE_URL, validateResponses: responseValidator });
/** A consumer that refuses any property the contract does not declare, as Redocly Respect does. */
const strict = new ContractValidator(undefined, { strict: true });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A store of its own whose clock the test moves, with the handlers answering from it. */
function living(seed: number, speed = 1) {
  const clock = { now: START };
  const store = createCallsStore({ seed, simulate: true, now: () => clock.now, speed });
  server.use(...createCallsHandlers({ baseUrl: BASE_URL, store }));
  return { store, clock };
}

const onChannel = (channel: CreateCallRequest['channel']): CreateCallRequest => ({
  ...examples.StartWhatsAppChat,
  channel,
  customerOverride: { firstName: 'Maria' },
});

describe('a simulated store, through MSW', () => {
  it('gives the same lives for the same seed and the same requests at the same moments, and other lives for another seed', async () => {
    const play = async (seed: number) => {
      const { clock } = living(seed);
      const ids: string[] = [];
      for (const channel of ['call', 'sms', 'whatsapp', 'email', 'webchat', 'call', 'call'] as const) {
        ids.push((await client.createCall(onChannel(channel))).id);
        clock.now += 700;
      }
      const seen: Call[] = [];
      for (let step = 0; step < 30; step += 1) {
        clock.now += 4500;
        seen.push(...(await client.listCalls()));
      }
      server.resetHandlers();
      return { ids, seen };
    };
    const first = await play(7);
    expect(await play(7)).toEqual(first);
    const other = await play(8);
    expect(other.ids).not.toEqual(first.ids);
    expect(other.seen).not.toEqual(first.seen);
  });

  it('lets waitForCall read a created call until it ends, each answer keeping the contract, through at least three statuses', async () => {
    const { clock } = living(20261207);
    const created = await client.createCall(examples.StartPhoneCall);
    const seen: Call[] = [];
    const ended = await client.waitForCall(created.id, {
      intervalMs: 0,
      until: (call) => {
        seen.push(call);
        // Each read moves mock time on by a second.
        clock.now += 1000;
        return isFinalStatus(call.status);
      },
    });
    expect(isFinalStatus(ended.status)).toBe(true);
    expect(seen.length).toBeLessThanOrEqual(121);
    expect(new Set(seen.map((call) => call.status)).size).toBeGreaterThanOrEqual(3);
    for (const call of seen) expect(strict.problems('Call', call)).toEqual([]);
    // Its first message is the agent's, from the request's initialMessage with the customer's fields filled in.
    if (ended.messages.length > 0) expect(ended.messages[0]).toMatchObject({ sender: 'agent', content: expect.stringContaining('Hello John') });
  });

  it('runs mock time `speed` times faster: every call has ended 12 s after its start at speed 10', async () => {
    const { store, clock } = living(3, 10);
    for (const channel of ['call', 'sms', 'whatsapp', 'email', 'webchat'] as const) await client.createCall(onChannel(channel));
    clock.now += 12_000;
    const created = store.calls().slice(-5);
    expect(created.map((call) => isFinalStatus(call.status))).toEqual([true, true, true, true, true]);
  });

  it('lets an update that sets a status win: a call set to completed stays completed, with what it had then', async () => {
    const { store, clock } = living(11);
    const created = await client.createCall(examples.StartPhoneCall);
    clock.now += 9000;
    const completed = await client.updateCall(created.id, { status: 'completed', note: 'Handled by phone' });
    expect(completed.status).toBe('completed');
    expect(completed).not.toHaveProperty('note');
    clock.now += 300_000;
    expect(await client.getCall(created.id)).toEqual(completed);
    expect(store.export().mock?.[created.id]).toMatchObject({ note: 'Handled by phone' });
    expect(store.export().mock?.[created.id]).not.toHaveProperty('life');
  });

  it('keeps a call living after an update that sets no status, with the update applied', async () => {
    const { clock } = living(12);
    const created = await client.createCall(onChannel('webchat'));
    const agentId = '0d4c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
    const reassigned = await client.updateCall(created.id, { agentId, note: 'Taken over' });
    expect(reassigned).toMatchObject({ agentId });
    clock.now += 120_000;
    const later = await client.getCall(created.id);
    expect(later).toMatchObject({ agentId });
    expect(isFinalStatus(later.status)).toBe(true);
    expect(later.status).not.toBe(reassigned.status);
  });

  it('filters by the status a call has now', async () => {
    const { clock } = living(13);
    const created = await client.createCall(onChannel('webchat'));
    const ids = async (status: Call['status']) => (await client.listCalls({ status })).map((call) => call.id);
    expect(await ids(created.status)).toContain(created.id);
    clock.now += 120_000;
    const ended = await client.getCall(created.id);
    expect(await ids(created.status)).not.toContain(created.id);
    expect(await ids(ended.status)).toContain(created.id);
  });

  it('leaves the starting calls as the contract has them, however long it runs', async () => {
    const { store, clock } = living(14);
    const before = store.calls();
    clock.now += 24 * 3600_000;
    expect(store.calls()).toEqual(before);
    expect(before).toContainEqual(examples.CallInProgress);
  });
});

describe('createCallsStore refuses options of the wrong shape, naming them', () => {
  it.each([
    [{ simulate: 'yes' }, 'simulate: must be true or false'],
    [{ speed: 0 }, 'speed: must be a number above 0'],
    [{ speed: Number.POSITIVE_INFINITY }, 'speed: must be a number above 0'],
    [{ now: 5 }, 'now: must be a function that returns ms since the epoch'],
    [{ now: () => 'soon' }, 'now: must return ms since the epoch, a finite number'],
    [{ seed: -1 }, 'seed: must be a whole number from 0 to 4294967295'],
    [{ maxCalls: 0 }, 'maxCalls: must be a whole number from 1 to 10000000'],
    [{ simulated: true }, 'simulated: is not an option of createCallsStore'],
  ])('%j', (options, message) => {
    expect(() => createCallsStore(options as never)).toThrow(message);
  });

  it('and a store that is not one of its own, when handlers are made', () => {
    expect(() => createCallsHandlers({ store: {} as CallsStore })).toThrow('store: must be a store made by createCallsStore');
  });
});
