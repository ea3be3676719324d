// One scenario, unchanged, through both stateful doors: the mock server with
// --stateful and MSW with a store. A front end's click-through (list, start a
// call, see it listed, complete it), the requests the contract refuses, and a
// reset. Each door must give the answers the scenario expects, every 2xx body
// must keep the contract (responseValidator), and the two doors must answer
// every step with the same status, body and headers.
import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import type { Call } from '../../src/index.js';
import type { MockResponse } from '../../src/mock/response.js';
import { responseValidator } from '../../src/validation.js';
import { ContractValidator } from '../helpers/contract.js';
import { AUTH, type Door, startMswDoor, startServerDoor } from './doors.js';

const SEED = 20261203;
/** A consumer that refuses any property the contract does not declare, as Redocly Respect does. */
const strict = new ContractValidator(undefined, { strict: true });
const json = { authorization: AUTH, 'content-type': 'application/json' };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** The days around today (UTC), so that a call created now is in range whenever the test runs. */
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** The calls the stateful mock starts with: every call of the getCall, listCalls and createCall examples, the first under each id. */
const starting = (() => {
  const calls = new Map<string, Call>();
  for (const call of [examples.CallInProgress, examples.CallCompleted, ...examples.CallList, examples.CallCreated])
    if (!calls.has(call.id)) calls.set(call.id, call);
  return [...calls.values()];
})();

const ids = (answer: MockResponse) => (answer.body as Call[]).map((call) => call.id);

interface Step {
  name: string;
  answer: MockResponse;
}

/** Runs the scenario through `door`, asserting what each step must answer, and returns every answer in order. */
async function scenario(door: Door): Promise<Step[]> {
  const steps: Step[] = [];
  const send = async (name: string, path: string, init: RequestInit = {}) => {
    const answer = await door.send(path, { ...init, headers: { authorization: AUTH, ...(init.headers as Record<string, string>) } });
    if (answer.status < 300 && answer.body !== undefined) {
      const operation = name.split(':')[0]!;
      expect(responseValidator(operation, answer.status, answer.body), `${door.name}: ${name}`).toEqual([]);
      expect(
        strict.problems(operation === 'listCalls' ? { type: 'array', items: { $ref: '#/components/schemas/Call' } } : 'Call', answer.body),
        `${door.name}: ${name}`,
      ).toEqual([]);
    }
    steps.push({ name, answer });
    return answer;
  };

  // 1. The list, then a new call.
  const first = await send('listCalls: the starting calls', '/api/v1/calls');
  expect(first.status).toBe(200);
  expect(first.body).toEqual(starting);
  const created = await send('createCall: StartPhoneCall', '/api/v1/calls', { method: 'POST', headers: json, body: JSON.stringify(examples.StartPhoneCall) });
  expect(created.status).toBe(200);
  const call = created.body as Call;
  expect(call.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(starting.map((known) => known.id)).not.toContain(call.id);
  expect(call).toMatchObject({
    status: examples.CallCreated.status,
    agentId: examples.StartPhoneCall.agentId,
    skillId: examples.StartPhoneCall.skillId,
    customerName: examples.StartPhoneCall.customerName,
    customerPhone: examples.StartPhoneCall.customerPhone,
    customerEmail: examples.StartPhoneCall.customerEmail,
    agentPhone: examples.StartPhoneCall.agentOverride?.phone,
    messages: [],
    duration: 0,
  });

  // 2. It is there, and the filters find it.
  expect((await send('getCall: the new call', `/api/v1/calls/${call.id}`)).body).toEqual(call);
  expect(ids(await send('listCalls: after the create', '/api/v1/calls'))).toEqual([...starting.map((known) => known.id), call.id]);
  expect(ids(await send('listCalls: by its status', `/api/v1/calls?status=${call.status}`))).toContain(call.id);
  expect(ids(await send('listCalls: by its channel', '/api/v1/calls?channel=call'))).toContain(call.id);
  expect(ids(await send('listCalls: another channel', '/api/v1/calls?channel=whatsapp'))).toEqual([]);
  expect(ids(await send('listCalls: the days around today', `/api/v1/calls?dateRange[from]=${day(-1)}&dateRange[to]=${day(1)}`))).toEqual([call.id]);
  expect(ids(await send('listCalls: the last hour', '/api/v1/calls?hrs=1'))).toEqual([call.id]);
  expect(ids(await send('listCalls: sanitised', '/api/v1/calls?sanitised=yes'))).toContain(call.id);

  // 3. Complete it: the update is kept.
  const updated = await send('updateCall: complete it', `/api/v1/calls/${call.id}`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ status: 'completed', note: 'Delivery confirmed' }),
  });
  expect(updated.status).toBe(200);
  // The note is kept by the mock, but a call has no field for it: a response holds only what the contract declares.
  expect(updated.body).toEqual({ ...call, status: 'completed' });
  expect((await send('getCall: after the update', `/api/v1/calls/${call.id}`)).body).toEqual(updated.body);
  const completed = ids(await send('listCalls: completed', '/api/v1/calls?status=completed'));
  expect(completed).toContain(call.id);
  expect(ids(await send('listCalls: ringing', '/api/v1/calls?status=ringing'))).not.toContain(call.id);

  // 4. What the contract refuses, and what it lets through.
  const missing = await send('getCall: an unknown id', `/api/v1/calls/${UNKNOWN_ID}`);
  expect(missing).toMatchObject({ status: 404, body: examples.CallNotFound });
  const missingUpdate = await send('updateCall: an unknown id', `/api/v1/calls/${UNKNOWN_ID}`, { method: 'PUT', headers: json, body: '{"note":"x"}' });
  expect(missingUpdate).toMatchObject({ status: 404, body: examples.CallNotFound });
  const badBody = await send('updateCall: a field the contract does not have', `/api/v1/calls/${call.id}`, {
    method: 'PUT',
    headers: json,
    body: '{"priority":"high"}',
  });
  // Refused with its problems named, one per line, as the 400 example's message promises.
  expect(badBody).toMatchObject({
    status: 400,
    body: { statusCode: 400, error: 'Bad Request', message: ["Request body must NOT have additional properties; found 'priority'"] },
  });
  const anonymous = await door.send(`/api/v1/calls/${call.id}`);
  steps.push({ name: 'getCall: no credentials', answer: anonymous });
  expect(anonymous).toMatchObject({ status: 401, body: examples.Unauthorized, headers: { 'www-authenticate': expect.stringMatching(/^Basic /) } });
  expect(await send('listCalls: a status outside the enum', '/api/v1/calls?status=done')).toMatchObject({
    status: 400,
    body: { statusCode: 400, message: [expect.stringMatching(/^Request query parameter status must be equal to one of the allowed values: failed, /)] },
  });
  // A query parameter the contract does not name: Prism lets it through, and so must MSW.
  expect(ids(await send('listCalls: an unknown query parameter', '/api/v1/calls?page=2'))).toContain(call.id);
  expect((await send('getCall: the update survived the refusals', `/api/v1/calls/${call.id}`)).body).toEqual(updated.body);

  // 5. Reset: the starting calls again, and the same ids for the same requests.
  await door.reset();
  expect((await send('listCalls: after a reset', '/api/v1/calls')).body).toEqual(starting);
  expect((await send('getCall: the created call is gone', `/api/v1/calls/${call.id}`)).status).toBe(404);
  const again = await send('createCall: the same request again', '/api/v1/calls', {
    method: 'POST',
    headers: json,
    body: JSON.stringify(examples.StartPhoneCall),
  });
  expect((again.body as Call).id).toBe(call.id);
  return steps;
}

describe('the stateful mock, through the server and through MSW', () => {
  // One test plays both doors: the comparison reads only the transcripts this test made.
  it('elemente-calls-mock --stateful and MSW with a store play the scenario, with the same status, body and headers at every step', async () => {
    const server = await startServerDoor(['--stateful', '--seed', String(SEED)]);
    let fromServer: Step[];
    try {
      fromServer = await scenario(server);
    } finally {
      await server.close();
    }
    const msw = startMswDoor({ stateful: true, seed: SEED });
    let fromMsw: Step[];
    try {
      fromMsw = await scenario(msw);
    } finally {
      await msw.close();
    }
    expect(fromMsw).toEqual(fromServer);
  });
});
