// The living mock as a front-end team runs it (elemente-calls-mock, from
// src/ as npm start runs it): a created call read by the client's own
// waitForCall until it ends, every answer keeping the contract; faults on
// request, which never touch /_mock/; the journal of what the app sent, with
// no credential in it; and a log that says why a request was refused.
import { afterAll, describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { type Call, createCallsClient, isFinalStatus, ServerError } from '../../src/index.js';
import { responseFromStore } from '../../src/mock/store.js';
import { createCallsStore } from '../../src/msw.js';
import { responseValidator } from '../../src/validation.js';
import { CALL_ID, ContractValidator } from '../helpers/contract.js';
import { expectNoCredential } from '../helpers/leaks.js';
import { stopAll } from '../helpers/processes.js';
import { startServerDoor, waitForOutput } from './doors.js';

afterAll(stopAll);

const credentials = { username: 'qzj-user-Hq8', password: 'pw-Lm4x8Tq1-qzjv' };
const strict = new ContractValidator(undefined, { strict: true });

/** The first seed from 1 whose first created call (StartPhoneCall) is answered and talked through: its life passes four statuses. */
function answeredSeed(): number {
  for (let seed = 1; seed < 100; seed += 1) {
    const clock = { now: 0 };
    const store = createCallsStore({ seed, simulate: true, now: () => clock.now });
    const { id } = responseFromStore(store, 'createCall', { params: {}, query: {}, body: examples.StartPhoneCall }).body as Call;
    clock.now = 120_000;
    if (store.calls().find((call) => call.id === id)?.status === 'completed') return seed;
  }
  throw new Error('no seed below 100 gives an answered call');
}

describe('elemente-calls-mock --simulate --speed 10', () => {
  it('lets waitForCall read a created call until it ends, through at least three statuses, every answer keeping the contract', async () => {
    const seed = answeredSeed();
    const door = await startServerDoor(['--simulate', '--speed', '10', '--seed', String(seed)], { quiet: false });
    try {
      const client = createCallsClient({ ...credentials, baseUrl: door.url, validateResponses: responseValidator });
      const created = await client.createCall(examples.StartPhoneCall);
      const seen: Call[] = [created];
      // A life ends within 120 s of mock time, 12 s at speed 10; the timeout only stops a hang.
      const ended = await client.waitForCall(created.id, {
        intervalMs: 250,
        timeoutMs: 60_000,
        until: (call) => {
          seen.push(call);
          return isFinalStatus(call.status);
        },
      });
      expect(ended.status, `seed ${seed}`).toBe('completed');
      expect(new Set(seen.map((call) => call.status)).size).toBeGreaterThanOrEqual(3);
      for (const call of seen) expect(strict.problems('Call', call)).toEqual([]);
      expect(ended.messages[0]).toMatchObject({ sender: 'agent', content: expect.stringContaining('Hello John') });
      expect(ended.duration).toBeGreaterThan(0);
      // The terminal shows the call going by.
      await waitForOutput(door.process, `GET /api/v1/calls/${created.id} -> 200 (completed,`);
    } finally {
      await door.close();
    }
  });
});

describe('faults on request', () => {
  it("answer every accepted request with the contract's 503 at --fail-rate 1, and never touch /_mock/", async () => {
    const door = await startServerDoor(['--stateful', '--fail-rate', '1']);
    try {
      const client = createCallsClient({ ...credentials, baseUrl: door.url, maxRetries: 0 });
      const failed = await client.getCall(CALL_ID).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(ServerError);
      expect(failed).toMatchObject({ status: 503, retryAfterMs: 1000, body: examples.ServiceUnavailable });
      expect((await door.send(`/api/v1/calls/${CALL_ID}`)).status).toBe(401);
      expect((await door.send('/_mock/requests')).status).toBe(200);
      expect((await door.send('/_mock/state')).status).toBe(200);
      expect((await door.send('/_mock/reset', { method: 'POST' })).status).toBe(204);
    } finally {
      await door.close();
    }
  });

  it('pick among --fail-with, drawn from --seed: the same statuses on every run', async () => {
    const run = async () => {
      const door = await startServerDoor(['--fail-rate', '0.5', '--fail-with', '429,500', '--seed', '21']);
      try {
        const statuses: number[] = [];
        for (let index = 0; index < 30; index += 1)
          statuses.push((await door.send(`/api/v1/calls/${CALL_ID}`, { headers: { authorization: `Basic ${btoa('a:b')}` } })).status);
        return statuses;
      } finally {
        await door.close();
      }
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
    expect(await run()).toEqual(first);
  });

  it('delay every answer by --latency, and never an answer under /_mock/', async () => {
    const door = await startServerDoor(['--latency', '3000']);
    try {
      const started = performance.now();
      const slow = door.send(`/api/v1/calls/${CALL_ID}`).then((response) => ({ response, at: performance.now() }));
      const journal = await door.send('/_mock/requests');
      const answeredAt = performance.now();
      const { response, at } = await slow;
      expect(response.status).toBe(401);
      // Lower bounds only: a timer never fires early, however busy the machine.
      expect(at - started).toBeGreaterThanOrEqual(2999);
      expect(journal.status).toBe(200);
      expect(answeredAt).toBeLessThan(at);
    } finally {
      await door.close();
    }
  });
});

describe('the journal, GET /_mock/requests', () => {
  it('tells what the app sent, oldest first, holds no form of the credentials, and is emptied by DELETE', async () => {
    const door = await startServerDoor([]);
    try {
      const client = createCallsClient({ ...credentials, baseUrl: door.url });
      await client.updateCall(CALL_ID, { status: 'completed', note: 'Delivered' });
      await client.listCalls({ channel: 'sms' });
      await fetch(`${door.url}/api/v1/nothing?x=1`, { headers: { authorization: `Basic ${btoa(`${credentials.username}:${credentials.password}`)}` } });
      const response = await fetch(`${door.url}/_mock/requests`);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual([
        expect.objectContaining({
          operation: 'updateCall',
          method: 'PUT',
          path: `/api/v1/calls/${CALL_ID}`,
          body: { status: 'completed', note: 'Delivered' },
          status: 200,
        }),
        expect.objectContaining({ operation: 'listCalls', method: 'GET', query: { channel: 'sms' }, body: null, status: 200 }),
        expect.objectContaining({ operation: null, method: 'GET', path: '/api/v1/nothing', query: { x: '1' }, status: 404 }),
      ]);
      for (const entry of JSON.parse(text) as Array<{ at: string }>) expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
      expectNoCredential(text, credentials);
      expect((await fetch(`${door.url}/_mock/requests`, { method: 'DELETE' })).status).toBe(204);
      expect(await (await fetch(`${door.url}/_mock/requests`)).json()).toEqual([]);
    } finally {
      await door.close();
    }
  });
});

describe('the log', () => {
  it('says why a request was refused, its first problem cut short, with nothing that could forge a line', async () => {
    const door = await startServerDoor([], { quiet: false });
    try {
      const json = { authorization: `Basic ${btoa('a:b')}`, 'content-type': 'application/json' };
      await door.send(`/api/v1/calls/${CALL_ID}`, { method: 'PUT', headers: json, body: '{"priority":"high"}' });
      await waitForOutput(door.process, `PUT /api/v1/calls/${CALL_ID} -> 400 (Request body must NOT have additional properties; found 'priority')`);
      await door.send(`/api/v1/calls/${CALL_ID}`, { method: 'PUT', headers: json, body: JSON.stringify({ [`x\nGET /forged -> 200 ${'y'.repeat(200)}`]: 1 }) });
      await waitForOutput(door.process, '...)');
      expect(door.process.stdout()).not.toContain('\nGET /forged');
      expect(door.process.stdout()).toMatch(/-> 400 \(Request body must NOT have additional properties; found 'x\\u000aGET \/forged -> 200 y+\.\.\.\)/);
    } finally {
      await door.close();
    }
  });

  it('tells once per origin that its pages cannot send credentials, even with --quiet', async () => {
    const door = await startServerDoor([]);
    try {
      const origin = 'https://app.example.com';
      for (let index = 0; index < 3; index += 1)
        await fetch(`${door.url}/api/v1/calls/${CALL_ID}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
      await waitForOutput(
        door.process,
        `Pages from ${origin} may read the mock's responses, but not send credentials: start the mock with --any-origin-credentials`,
      );
      expect(door.process.stdout().split(origin).length - 1).toBe(1);
    } finally {
      await door.close();
    }
  });
});
