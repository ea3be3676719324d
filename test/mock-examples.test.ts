// The mock checks our examples: Prism runs with --errors, so it answers 500
// instead of any response that breaks the contract. Every named example of
// every documented status of both operations must come back as documented.
import { describe, expect, inject, it } from 'vitest';
import { loadBundle } from './helpers/contract.js';

type Json = Record<string, unknown>;

const CALL_ID = '123e4567-e89b-12d3-a456-426614174000';
const AUTH = `Basic ${Buffer.from('mock:mock-secret').toString('base64')}`;
const spec = loadBundle();
const baseUrl = inject('prismUrl');

function deref(node: Json): Json {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  return deref(ref.slice(2).split('/').reduce<unknown>((at, key) => (at as Json)[key], spec) as Json);
}

interface Case {
  operationId: string;
  method: string;
  status: string;
  example: string;
  value: unknown;
}

const cases: Case[] = Object.values(spec.paths).flatMap((item) =>
  (['get', 'put'] as const).flatMap((method) => {
    const operation = item[method] as Json;
    return Object.entries(operation['responses'] as Record<string, Json>).flatMap(([status, response]) => {
      const media = (deref(response)['content'] as Record<string, Json>)['application/json'] as Json;
      return Object.entries(media['examples'] as Record<string, Json>).map(([example, entry]) => ({
        operationId: String(operation['operationId']),
        method: method.toUpperCase(),
        status,
        example,
        value: deref(entry)['value'],
      }));
    });
  }),
);

function request(method: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/calls/${CALL_ID}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('every documented example, served by Prism with --errors', () => {
  it('covers both operations and every status', () => {
    const statuses = (id: string) => [...new Set(cases.filter((c) => c.operationId === id).map((c) => c.status))];
    expect(statuses('getCall')).toEqual(['200', '400', '401', '404', '500']);
    expect(statuses('updateCall')).toEqual(['200', '400', '401', '404', '500']);
  });

  it.each(cases.map((c) => [`${c.operationId} ${c.status} ${c.example}`, c] as const))('%s', async (_name, c) => {
    const body = c.method === 'PUT' ? { status: 'completed', note: 'self-check' } : undefined;
    // A comma, not a semicolon: Prism ignores the example after a semicolon.
    const response = await request(c.method, { authorization: AUTH, prefer: `code=${c.status}, example=${c.example}` }, body);
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
    expect(await response.json()).toEqual(examples['Unauthorized']?.value);
  });

  it('answers a body with an unknown property with 400 and the contract body', async () => {
    const response = await request('PUT', { authorization: AUTH }, { status: 'completed', priority: 'high' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(examples['InvalidUpdateBody']?.value);
  });

  it('answers an empty body with 400', async () => {
    const response = await request('PUT', { authorization: AUTH }, {});
    expect(response.status).toBe(400);
  });

  it('answers an id that is not a UUID with 400 and the contract body', async () => {
    const response = await fetch(`${baseUrl}/api/v1/calls/not-a-uuid`, { headers: { authorization: AUTH } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(examples['InvalidCallId']?.value);
  });

  it('refuses a password with a colon, a known Prism limitation (RFC 7617 allows it)', async () => {
    const response = await request('GET', { authorization: `Basic ${Buffer.from('user:pa:ss').toString('base64')}` });
    expect(response.status).toBe(401);
  });
});
