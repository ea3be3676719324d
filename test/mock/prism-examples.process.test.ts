// The mock checks our examples: Prism runs with --errors, so it answers 500
// instead of any response that breaks the contract. Every named example of
// every documented status of all four operations must come back as documented.
import { describe, expect, inject, it } from 'vitest';
import { deref, type Json, operationsOf } from '../../scripts/lib/project.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';

const AUTH = `Basic ${Buffer.from('mock:mock-secret').toString('base64')}`;
const spec = loadBundle();
const baseUrl = inject('prismUrl');

interface Case {
  operationId: string;
  method: string;
  url: string;
  status: string;
  example: string;
  value: unknown;
  /** A valid body for the operation, from its first request example. */
  body: unknown;
}

const cases: Case[] = operationsOf(spec).flatMap(({ path, method, operationId, operation }) => {
  const requestExamples = ((deref(spec, (operation.requestBody as Json | undefined) ?? {}).content as Record<string, Json> | undefined)?.['application/json']
    ?.examples ?? {}) as Record<string, Json>;
  const firstBody = Object.values(requestExamples)[0];
  return Object.entries(operation.responses as Record<string, Json>).flatMap(([status, response]) => {
    const media = (deref(spec, response).content as Record<string, Json>)['application/json'] as Json;
    return Object.entries(media.examples as Record<string, Json>).map(([example, entry]) => ({
      operationId,
      method: method.toUpperCase(),
      url: `${baseUrl}${path.replace('{id}', CALL_ID)}`,
      status,
      example,
      value: deref(spec, entry).value,
      body: firstBody ? deref(spec, firstBody).value : undefined,
    }));
  });
});

function request(method: string, headers: Record<string, string>, body?: unknown, url = `${baseUrl}/api/v1/calls/${CALL_ID}`): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('every documented example, served by Prism with --errors', () => {
  it('covers all four operations and every status, 429 and 503 included', () => {
    const statuses = (id: string) => [...new Set(cases.filter((c) => c.operationId === id).map((c) => c.status))];
    expect(statuses('getCall')).toEqual(['200', '400', '401', '404', '429', '500', '503']);
    expect(statuses('updateCall')).toEqual(['200', '400', '401', '404', '429', '500', '503']);
    expect(statuses('listCalls')).toEqual(['200', '400', '401', '429', '500', '503']);
    expect(statuses('createCall')).toEqual(['200', '400', '401', '429', '500', '503']);
  });

  it.each(cases.map((c) => [`${c.operationId} ${c.status} ${c.example}`, c] as const))('%s', async (_name, c) => {
    // A comma, not a semicolon: Prism ignores the example after a semicolon.
    const response = await request(c.method, { authorization: AUTH, prefer: `code=${c.status}, example=${c.example}` }, c.body, c.url);
    if (['429', '503'].includes(c.status)) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    const text = await response.text();
    expect({ status: response.status, body: JSON.parse(text) as unknown }).toEqual({ status: Number(c.status), body: c.value });
  });
});

describe('what the mock answers without a Prefer header', () => {
  const examples = spec.components.examples;

  it('answers a request without credentials with 401 and the contract body', async () => {
    const response = await request('GET', {});
    expect(response.status).toBe(401);
    // RFC 9110 requires a 401 to say how to authenticate; Prism sends the header's example.
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="api.elemente.ai", charset="UTF-8"');
    expect(await response.json()).toEqual(examples.Unauthorized?.value);
  });

  it('answers a body with an unknown property with 400 and the contract body', async () => {
    const response = await request('PUT', { authorization: AUTH }, { status: 'completed', priority: 'high' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(examples.InvalidUpdateBody?.value);
  });

  it('answers an empty body with 400', async () => {
    const response = await request('PUT', { authorization: AUTH }, {});
    expect(response.status).toBe(400);
  });

  it('answers an id that is not a UUID with 400 and the contract body', async () => {
    const response = await fetch(`${baseUrl}/api/v1/calls/not-a-uuid`, { headers: { authorization: AUTH } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(examples.InvalidCallId?.value);
  });

  it('answers each filter of listCalls as the contract says: deepObject dates checked, unknown values refused', async () => {
    const list = (query: string) => fetch(`${baseUrl}/api/v1/calls?${query}`, { headers: { authorization: AUTH } });
    for (const valid of [
      '',
      'status=completed&channel=whatsapp&hrs=24&sanitised=yes',
      'dateRange[from]=2022-01-01&dateRange[to]=2022-01-31',
      'dateRange%5Bfrom%5D=2022-01-01',
      'hrs=1.5',
    ]) {
      const response = await list(valid);
      expect({ valid, status: response.status }).toEqual({ valid, status: 200 });
      expect(await response.json()).toEqual(examples.CallList?.value);
    }
    for (const invalid of ['status=done', 'channel=fax', 'hrs=-1', 'hrs=soon', 'dateRange[from]=2022-13-01', 'dateRange[to]=yesterday']) {
      const response = await list(invalid);
      expect({ invalid, status: response.status }).toEqual({ invalid, status: 400 });
      expect(response.headers.get('sl-violations')).toContain('query');
      expect(await response.json()).toEqual(examples.InvalidCallsFilter?.value);
    }
  });

  it('answers a create body without its required fields with 400, naming them in sl-violations', async () => {
    const response = await request('POST', { authorization: AUTH }, { channel: 'call' }, `${baseUrl}/api/v1/calls`);
    expect(response.status).toBe(400);
    const violations = response.headers.get('sl-violations') ?? '';
    for (const field of ['agentId', 'skillId', 'customerOverride']) expect(violations).toContain(field);
    expect(await response.json()).toEqual(examples.InvalidCreateBody?.value);
  });

  it('refuses a password with a colon, a known Prism limitation (RFC 7617 allows it)', async () => {
    const response = await request('GET', { authorization: `Basic ${Buffer.from('user:pa:ss').toString('base64')}` });
    expect(response.status).toBe(401);
  });
});
