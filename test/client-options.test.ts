// Options and inputs are checked when they are given: bad ones throw
// InvalidArgumentError, and no request leaves the process.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallsClientOptions, createCallsClient, InvalidArgumentError, type UpdateCallRequest } from '../src/index.js';
import { VERSION } from '../src/internal/defaults.js';
import { createRawClient } from '../src/raw.js';
import { CALL_ID, loadBundle } from './helpers/contract.js';
import { type FaultServer, reply, startFaultServer } from './helpers/fault-server.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
  server.script(reply.json(200, CALL));
});
afterAll(() => server.close());

function refused(action: () => unknown): InvalidArgumentError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected InvalidArgumentError, nothing was thrown');
}

async function refusedAsync(action: () => Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe('client options', () => {
  it.each<[string, Partial<CallsClientOptions>, string]>([
    ['a username with a colon', { username: 'a:b', password: 'p' }, 'username'],
    ['a password without a username', { username: undefined, password: 'p' }, 'username'],
    ['a username without a password', { username: 'u', password: undefined }, 'password'],
    ['a user agent with CR/LF', { userAgent: 'x\r\nX-Evil: 1' }, 'headers.user-agent'],
    ['a zero timeout', { timeoutMs: 0 }, 'timeoutMs'],
    ['a fractional timeout', { timeoutMs: 1.5 }, 'timeoutMs'],
    ['a timeout longer than timers can hold', { timeoutMs: 2_147_483_648 }, 'timeoutMs'],
    ['Number.MAX_SAFE_INTEGER as "no timeout"', { timeoutMs: Number.MAX_SAFE_INTEGER }, 'timeoutMs'],
    ['negative retries', { maxRetries: -1 }, 'maxRetries'],
    ['a zero response size limit', { maxResponseBytes: 0 }, 'maxResponseBytes'],
    ['both credentials empty', { username: '', password: '' }, 'username'],
    ['a password with a line break', { password: 'p\r\n' }, 'password'],
    ['a lone surrogate in the password', { password: 'p\ud800' }, 'password'],
    ['validateResponses: true, the option of version 1', { validateResponses: true as unknown as undefined }, 'validateResponses'],
    ['a fetch that is not a function', { fetch: 'fetch' as unknown as undefined }, 'fetch'],
    ['a relative base URL', { baseUrl: '/api' }, 'baseUrl'],
    ['a non-http base URL', { baseUrl: 'ftp://api.elemente.ai' }, 'baseUrl'],
    ['a base URL with a query', { baseUrl: 'https://api.elemente.ai/?x=1' }, 'baseUrl'],
    ['plain http to a remote host', { baseUrl: 'http://api.elemente.ai' }, 'baseUrl'],
    ['plain http to a subdomain of localhost, which any resolver may send elsewhere', { baseUrl: 'http://api.localhost' }, 'baseUrl'],
    ['credentials in the base URL', { baseUrl: 'https://u:p@api.elemente.ai' }, 'baseUrl'],
  ])('refuses %s', (_name, options, argument) => {
    expect(refused(() => createCallsClient({ username: 'u', password: 'p', ...options } as CallsClientOptions)).argument).toBe(argument);
  });

  it('accepts the largest timeout timers can hold', () => {
    expect(() => createCallsClient({ timeoutMs: 2_147_483_647 })).not.toThrow();
  });

  it('refuses options it cannot read with InvalidArgumentError, not what the getter threw', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new TypeError('getter');
        },
      },
    );
    expect(refused(() => createCallsClient(hostile)).argument).toBe('options');
    expect(refused(() => createRawClient(hostile)).argument).toBe('options');
  });

  it('allows plain http to loopback, and to any host with allowInsecureHttp', () => {
    for (const baseUrl of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010']) {
      expect(() => createCallsClient({ baseUrl })).not.toThrow();
    }
    expect(() => createCallsClient({ baseUrl: 'http://api.internal', allowInsecureHttp: true })).not.toThrow();
  });

  it('defaults to the production server over https', async () => {
    const seen: string[] = [];
    const client = createCallsClient({
      username: 'u',
      password: 'p',
      fetch: async (request) => {
        seen.push(request.url, request.headers.get('user-agent') ?? '');
        return new Response(JSON.stringify(CALL), { status: 200 });
      },
    });
    await client.getCall(CALL_ID);
    expect(seen).toEqual([`https://api.elemente.ai/api/v1/calls/${CALL_ID}`, `@elemente/calls-api/${VERSION}`]);
  });

  it('keeps VERSION equal to the package version', () => {
    expect(VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

describe('inputs are checked before sending', () => {
  const client = () => createCallsClient({ baseUrl: server.url, username: 'u', password: 'p' });

  it.each([
    ['empty', ''],
    ['not a UUID', 'call-42'],
    ['a path', '../../admin'],
    ['a dot segment', '..'],
    ['CR/LF', `${CALL_ID}\r\nX-Injected: 1`],
    ['a UUID with a suffix', `${CALL_ID}/x`],
  ])('refuses an id that is %s', async (_name, id) => {
    server.script(reply.json(200, CALL));
    expect((await refusedAsync(() => client().getCall(id))).argument).toBe('id');
    expect((await refusedAsync(() => client().updateCall(id, { status: 'completed' }))).argument).toBe('id');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an id that is not a string, for JavaScript callers', async () => {
    await refusedAsync(() => client().getCall(42 as unknown as string));
  });

  it.each<[string, unknown]>([
    ['empty', {}],
    ['null', null],
    ['an array', [{ status: 'completed' }]],
    ['with an unknown key', { status: 'completed', priority: 'high' }],
    ['with a non-string value', { note: 42 }],
  ])('refuses an update body that is %s', async (_name, body) => {
    server.script(reply.json(200, CALL));
    expect((await refusedAsync(() => client().updateCall(CALL_ID, body as UpdateCallRequest))).argument).toMatch(/^body/);
    expect(server.requests).toHaveLength(0);
  });

  it.each<[string, Record<string, string>]>([
    ['a CR/LF value', { 'x-trace': 'a\r\nX-Injected: 1' }],
    ['a NUL value', { 'x-trace': 'a\u0000b' }],
    ['a name with a space', { 'x trace': 'a' }],
    ['an authorization header', { Authorization: 'Basic eDp5' }],
    ['a transfer-encoding header', { 'transfer-encoding': 'chunked' }],
    ['an expect header', { expect: '100-continue' }],
    ['an upgrade header', { upgrade: 'websocket' }],
  ])('refuses a call header with %s, and sends nothing', async (_name, headers) => {
    server.script(reply.json(200, CALL));
    await refusedAsync(() => client().getCall(CALL_ID, { headers }));
    // A Headers instance, where the Headers constructor itself lets the pair through.
    const instance = (() => {
      try {
        return new Headers(headers);
      } catch {
        return undefined;
      }
    })();
    if (instance) await refusedAsync(() => client().getCall(CALL_ID, { headers: instance }));
    await refusedAsync(() => client().getCall(CALL_ID, { headers: Object.entries(headers) }));
    expect(server.requests).toHaveLength(0);
  });

  it('sends an update body without its undefined fields', async () => {
    server.script(reply.json(200, CALL));
    await client().updateCall(CALL_ID, { status: 'completed', note: undefined } as unknown as UpdateCallRequest);
    expect(server.requests[0]?.body).toBe('{"status":"completed"}');
  });

  it("refuses input whose getters throw with InvalidArgumentError or the like, never the getter's own error", async () => {
    server.script(reply.json(200, CALL));
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new TypeError('getter');
        },
        ownKeys: () => {
          throw new TypeError('keys');
        },
      },
    );
    for (const call of [() => client().updateCall(CALL_ID, hostile as UpdateCallRequest), () => client().getCall(CALL_ID, hostile)]) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).not.toBe('TypeError');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('percent-encodes ids in raw requests and refuses dot segments there too', async () => {
    server.script(reply.json(200, CALL));
    const raw = createRawClient({ baseUrl: server.url, username: 'u', password: 'p' });
    await raw.GET('/api/v1/calls/{id}', { params: { path: { id: 'a/b?c#d' } } });
    expect(server.requests[0]?.url).toBe('/api/v1/calls/a%2Fb%3Fc%23d');
    // A literal "%2e" is encoded to "%252e", harmless; the decoded dot segments are what must not pass.
    for (const id of ['..', '.', '']) {
      await refusedAsync(() => raw.GET('/api/v1/calls/{id}', { params: { path: { id } } }));
    }
    expect(server.requests).toHaveLength(1);
  });
});
