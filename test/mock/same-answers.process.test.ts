// The stateless mock server and the stateless MSW handlers answer every
// request the same way: bad credentials, bodies, ids and filters, and the
// Prefer header in each of the forms Prism reads. A test that passes against
// MSW then passes against the mock server, which answers as Prism does.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { examples } from '../../src/examples.js';
import type { MockResponse } from '../../src/mock/response.js';
import { CALL_ID } from '../helpers/contract.js';
import { AUTH, type Door, read, startMswDoor, startServerDoor } from './doors.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const withAuth = (headers: Record<string, string> = {}) => ({ authorization: AUTH, ...headers });
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const call = `/api/v1/calls/${CALL_ID}`;

/** Each request: a name, the path, and fetch's init. */
const REQUESTS: Array<[string, string, RequestInit]> = [
  // Credentials, as Prism checks them.
  ['no credentials', call, {}],
  ['a Bearer token', call, { headers: { authorization: 'Bearer abc' } }],
  ['Basic without a colon', call, { headers: { authorization: basic('user') } }],
  ['Basic that is not Base64', call, { headers: { authorization: 'Basic !!!' } }],
  ['Basic with two spaces', call, { headers: { authorization: `Basic  ${btoa('a:b')}` } }],
  ['basic in lower case', call, { headers: { authorization: `basic ${btoa('a:b')}` } }],
  ['an empty password', call, { headers: { authorization: basic('user:') } }],
  ['a password with a colon (Prism refuses it)', call, { headers: { authorization: basic('user:pa:ss') } }],
  ['no credentials and an invalid body', call, { method: 'PUT', headers: JSON_TYPE, body: '{"priority":"high"}' }],
  ['no credentials and a body that is not JSON', call, { method: 'PUT', headers: JSON_TYPE, body: '{"note": ' }],
  // Bodies.
  ['a body that is not JSON', call, { method: 'PUT', headers: withAuth(JSON_TYPE), body: '{"note": ' }],
  ['an unknown field', call, { method: 'PUT', headers: withAuth(JSON_TYPE), body: '{"priority":"high"}' }],
  ['an empty update', call, { method: 'PUT', headers: withAuth(JSON_TYPE), body: '{}' }],
  ['a status outside the enum', call, { method: 'PUT', headers: withAuth(JSON_TYPE), body: '{"status":"done"}' }],
  ['a note that is not a string', call, { method: 'PUT', headers: withAuth(JSON_TYPE), body: '{"note":5}' }],
  ['no body for an update', call, { method: 'PUT', headers: withAuth(JSON_TYPE) }],
  ['a text body', call, { method: 'PUT', headers: withAuth({ 'content-type': 'text/plain' }), body: 'complete it' }],
  ['a create without its required fields', '/api/v1/calls', { method: 'POST', headers: withAuth(JSON_TYPE), body: '{"channel":"call"}' }],
  [
    'a create on a channel outside the enum',
    '/api/v1/calls',
    { method: 'POST', headers: withAuth(JSON_TYPE), body: JSON.stringify({ ...examples.StartWhatsAppChat, channel: 'fax' }) },
  ],
  ['a valid create', '/api/v1/calls', { method: 'POST', headers: withAuth(JSON_TYPE), body: JSON.stringify(examples.StartWhatsAppChat) }],
  // Ids and filters.
  ['an id that is not a UUID', '/api/v1/calls/not-a-uuid', { headers: withAuth() }],
  ['an update of an id that is not a UUID', '/api/v1/calls/not-a-uuid', { method: 'PUT', headers: withAuth(JSON_TYPE), body: '{"note":"x"}' }],
  ['a status filter outside the enum', '/api/v1/calls?status=done', { headers: withAuth() }],
  ['a channel filter outside the enum', '/api/v1/calls?channel=fax', { headers: withAuth() }],
  ['a status filter given twice', '/api/v1/calls?status=completed&status=busy', { headers: withAuth() }],
  ['hrs below 0', '/api/v1/calls?hrs=-1', { headers: withAuth() }],
  ['hrs that is not a number', '/api/v1/calls?hrs=soon', { headers: withAuth() }],
  ['hrs with a fraction', '/api/v1/calls?hrs=1.5', { headers: withAuth() }],
  ['a month 13', '/api/v1/calls?dateRange[from]=2022-13-01', { headers: withAuth() }],
  ['February 29 of a year that is not a leap year', '/api/v1/calls?dateRange[to]=2023-02-29', { headers: withAuth() }],
  ['February 29 of a leap year', '/api/v1/calls?dateRange[to]=2024-02-29', { headers: withAuth() }],
  ['a query parameter the contract does not name', '/api/v1/calls?page=2', { headers: withAuth() }],
  ['a dateRange that is not a deepObject', '/api/v1/calls?dateRange=2022-01-01', { headers: withAuth() }],
  // Prefer, as Prism reads it.
  ['Prefer: code=404', call, { headers: withAuth({ prefer: 'code=404' }) }],
  ['Prefer: code=429', call, { headers: withAuth({ prefer: 'code=429' }) }],
  [
    'Prefer: code=503 for a create',
    '/api/v1/calls',
    { method: 'POST', headers: withAuth({ ...JSON_TYPE, prefer: 'code=503' }), body: JSON.stringify(examples.StartWhatsAppChat) },
  ],
  ['Prefer: example=CallCompleted', call, { headers: withAuth({ prefer: 'example=CallCompleted' }) }],
  ['Prefer: a 404 example without its code', call, { headers: withAuth({ prefer: 'example=CallNotFound' }) }],
  ['Prefer: code=404 with a 200 example', call, { headers: withAuth({ prefer: 'code=404, example=CallCompleted' }) }],
  [
    'Prefer: code=400 with its example, on a valid body',
    call,
    { method: 'PUT', headers: withAuth({ ...JSON_TYPE, prefer: 'code=400, example=EmptyUpdateBody' }), body: '{"note":"x"}' },
  ],
  [
    'Prefer: the example after a semicolon is ignored',
    call,
    { method: 'PUT', headers: withAuth({ ...JSON_TYPE, prefer: 'code=400; example=EmptyUpdateBody' }), body: '{"note":"x"}' },
  ],
  ['Prefer: quoted values', call, { headers: withAuth({ prefer: 'code="404"' }) }],
  ['Prefer: an unknown example', call, { headers: withAuth({ prefer: 'example=Nope' }) }],
  ['Prefer: an inherited name', call, { headers: withAuth({ prefer: 'example=constructor' }) }],
  ['Prefer: a status the operation does not document', call, { headers: withAuth({ prefer: 'code=418' }) }],
  ['Prefer: a code that is not a number', call, { headers: withAuth({ prefer: 'code=abc' }) }],
  ['Prefer: code=404 without credentials', call, { headers: { prefer: 'code=404' } }],
  ['Prefer: code=404 on an invalid body', call, { method: 'PUT', headers: withAuth({ ...JSON_TYPE, prefer: 'code=404' }), body: '{"x":1}' }],
  [
    'Prefer: an example of the 400 answer, on an invalid body',
    call,
    { method: 'PUT', headers: withAuth({ ...JSON_TYPE, prefer: 'example=EmptyUpdateBody' }), body: '{"x":1}' },
  ],
  [
    'Prefer: an example the 400 answer does not have, on an invalid body',
    call,
    { method: 'PUT', headers: withAuth({ ...JSON_TYPE, prefer: 'example=CallCompleted' }), body: '{"x":1}' },
  ],
];

describe('the stateless mock server and stateless MSW', () => {
  let server: Door | undefined;
  let msw: Door | undefined;
  beforeAll(async () => {
    server = await startServerDoor([]);
    msw = startMswDoor({ stateful: false });
  });
  afterAll(async () => {
    await msw?.close();
    await server?.close();
  });

  it.each(REQUESTS)('answer %s the same way', async (_name, path, init) => {
    const [fromServer, fromMsw]: MockResponse[] = [await server!.send(path, init), await msw!.send(path, init)];
    expect(fromMsw).toEqual(fromServer);
  });

  // The answer path the two doors share picks examples itself; `prism mock`, a process of Prism's own CLI, stays the reference it must agree with.
  it.each(REQUESTS)('pick for %s the status and example prism mock picks', async (_name, path, init) => {
    const [ours, prisms] = [await server!.send(path, init), await read(await fetch(inject('prismUrl') + path, init))];
    expect(ours.status).toBe(prisms.status);
    // Prism's own problem reports and its 400 for a refused request are what the mock replaces with the contract's error body.
    if (prisms.headers['content-type'] === 'application/json' && !(prisms.status === 400 && !/prefer/i.test(JSON.stringify(init.headers ?? {}))))
      expect(ours.body).toEqual(prisms.body);
  });

  it('send a Retry-After of 1 s with a mocked 429 or 503, not the example 30', async () => {
    for (const door of [server!, msw!]) {
      for (const code of ['429', '503']) expect((await door.send(call, { headers: withAuth({ prefer: `code=${code}` }) })).headers['retry-after']).toBe('1');
    }
  });
});
