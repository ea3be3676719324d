// The journal of what was sent, through the MSW door: store.requests() holds
// each request as the handlers received it (its operation, method, path,
// query, body and the status it got), oldest first, by the store's clock,
// bounded, and never a header: no form of the credentials is in it.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { UpdateCallRequest } from '../../generated/schema.js';
import { examples } from '../../src/examples.js';
import { createCallsClient } from '../../src/index.js';
import { Journal, MAX_JOURNAL_BODY_BYTES, MAX_JOURNAL_ENTRIES } from '../../src/mock/journal.js';
import { createCallsHandlers, createCallsStore, type MockRequestEntry } from '../../src/msw.js';
import { CALL_ID } from '../helpers/contract.js';
import { expectNoCredential, renderings } from '../helpers/leaks.js';

const BASE_URL = 'https://journal.msw.test';
const credentials = { username: 'jrnl-user-7Qx', password: 'pw-Zk3v9Rr2-journal' };
const client = createCallsClient({ ...credentials, baseUrl: BASE_URL });
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('store.requests()', () => {
  it('holds what the app sent, oldest first, by the clock of the store, with the status each got', async () => {
    const clock = { now: Date.parse('2026-12-07T12:00:00Z') };
    const store = createCallsStore({ now: () => clock.now });
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, store }));
    const created = await client.createCall(examples.StartPhoneCall);
    clock.now += 1500;
    await client.updateCall(created.id, { status: 'completed', note: 'Customer confirmed' });
    await client.listCalls({ status: 'completed', dateRange: { from: '2026-12-01', to: '2026-12-07' } });
    await fetch(`${BASE_URL}/api/v1/calls/${CALL_ID}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"priority":"high"}' });
    expect(store.requests()).toEqual([
      { at: '2026-12-07T12:00:00.000Z', operation: 'createCall', method: 'POST', path: '/api/v1/calls', query: {}, body: examples.StartPhoneCall, status: 200 },
      {
        at: '2026-12-07T12:00:01.500Z',
        operation: 'updateCall',
        method: 'PUT',
        path: `/api/v1/calls/${created.id}`,
        query: {},
        body: { status: 'completed', note: 'Customer confirmed' },
        status: 200,
      },
      {
        at: '2026-12-07T12:00:01.500Z',
        operation: 'listCalls',
        method: 'GET',
        path: '/api/v1/calls',
        query: { status: 'completed', 'dateRange[from]': '2026-12-01', 'dateRange[to]': '2026-12-07' },
        body: null,
        status: 200,
      },
      // Refused, without credentials: recorded with what was sent and the 401 it got.
      {
        at: '2026-12-07T12:00:01.500Z',
        operation: 'updateCall',
        method: 'PUT',
        path: `/api/v1/calls/${CALL_ID}`,
        query: {},
        body: { priority: 'high' },
        status: 401,
      },
    ]);
  });

  it('is typed by operation, so that a test reads a body as the contract types it', async () => {
    const store = createCallsStore();
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, store }));
    await client.updateCall(CALL_ID, { status: 'completed' });
    const updates = store.requests().filter((entry): entry is Extract<MockRequestEntry, { operation: 'updateCall' }> => entry.operation === 'updateCall');
    expectTypeOf(updates[0]!.body).toEqualTypeOf<UpdateCallRequest>();
    expect(updates[0]!.body.status).toBe('completed');
  });

  it('holds no form of the credentials: no header is kept, and nothing derived from one', async () => {
    const store = createCallsStore();
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, store }));
    await client.getCall(CALL_ID);
    await client.createCall(examples.StartWhatsAppChat);
    await client.getCall(CALL_ID, { headers: { 'x-request-id': 'journal-test' } });
    expect(store.requests()).toHaveLength(3);
    expectNoCredential(renderings(store.requests()), credentials);
    expectNoCredential(renderings(store.export()), credentials);
  });

  it('is emptied by clearRequests() and by reset(), and copies what it returns', async () => {
    const store = createCallsStore();
    server.use(...createCallsHandlers({ baseUrl: BASE_URL, store }));
    await client.getCall(CALL_ID);
    const [entry] = store.requests();
    entry!.status = 500;
    expect(store.requests()[0]!.status).toBe(200);
    store.clearRequests();
    expect(store.requests()).toEqual([]);
    await client.getCall(CALL_ID);
    store.reset();
    expect(store.requests()).toEqual([]);
  });
});

describe('the journal', () => {
  const entry = (index: number, body: unknown = null): MockRequestEntry => ({
    at: new Date(index).toISOString(),
    operation: 'getCall',
    method: 'GET',
    path: `/api/v1/calls/${index}`,
    query: {},
    body: body as null,
    status: 200,
  });

  it(`keeps the last ${MAX_JOURNAL_ENTRIES} requests`, () => {
    const journal = new Journal();
    for (let index = 0; index < MAX_JOURNAL_ENTRIES + 25; index += 1) journal.record(entry(index), 0);
    const kept = journal.list();
    expect(kept).toHaveLength(MAX_JOURNAL_ENTRIES);
    expect(kept[0]!.path).toBe('/api/v1/calls/25');
    expect(kept.at(-1)!.path).toBe(`/api/v1/calls/${MAX_JOURNAL_ENTRIES + 24}`);
  });

  it('keeps fewer when their bodies pass its byte bound, the newest always', () => {
    const journal = new Journal();
    const big = 'x'.repeat(1024 * 1024);
    for (let index = 0; index < 40; index += 1) journal.record(entry(index, { note: big }), big.length);
    const kept = journal.list();
    expect(kept.length).toBe(Math.floor(MAX_JOURNAL_BODY_BYTES / big.length));
    expect(kept.at(-1)!.path).toBe('/api/v1/calls/39');
  });
});
