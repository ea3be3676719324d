// What the client accepts from its caller, and what it sends: options,
// ids, bodies and headers are checked when they are given, and a bad one is
// an InvalidArgumentError naming it, with nothing sent; what passes is sent
// as checked (credentials as UTF-8 Basic, a getter read once, undefined
// fields dropped, a base URL's path kept). Against a node:http server on
// loopback that counts what arrives.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CallsClientOptions, createCallsClient, ElementeError, InvalidArgumentError, type UpdateCallRequest } from '../../src/index.js';
import { VERSION } from '../../src/internal/defaults.js';
import { createRawClient } from '../../src/raw.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';
import { expectNoCredential, renderings } from '../helpers/leaks.js';
import { refusal } from '../helpers/refusals.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;
// Random-looking credentials, so that no start of one can occur in the client's own text.
const USERNAME = 'Nc3v-Jq8w';
const PASSWORD = 'Hy6-Tr1&Bs4';

const server = useFaultServer();
beforeEach(() => server.script(reply.json(200, CALL)));

/** One attempt per call, so that what the server counts is what the client sent. */
function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0, ...options });
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
    expect(() => createCallsClient({ username: 'u', password: 'p', ...options } as CallsClientOptions)).toThrow(refusal(argument));
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
    expect(() => createCallsClient(hostile)).toThrow(refusal('options'));
    expect(() => createRawClient(hostile)).toThrow(refusal('options'));
  });

  it('allows plain http to loopback, and to any host with allowInsecureHttp', () => {
    for (const baseUrl of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010']) {
      expect(() => createCallsClient({ baseUrl })).not.toThrow();
    }
    expect(() => createCallsClient({ baseUrl: 'http://api.internal', allowInsecureHttp: true })).not.toThrow();
  });

  it('counts only localhost, 127.0.0.0/8 and ::1 as loopback for http:', () => {
    for (const baseUrl of [
      'http://anything.localhost',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io',
      'http://0.0.0.0',
      'http://[::ffff:127.0.0.1]',
      'http://10.0.0.1',
    ]) {
      expect(() => createCallsClient({ baseUrl }), baseUrl).toThrow(refusal('baseUrl'));
    }
    for (const baseUrl of ['http://localhost:3000', 'http://localhost.:3000', 'http://127.1.2.3', 'http://[::1]:8080']) {
      expect(() => createCallsClient({ baseUrl }), baseUrl).not.toThrow();
    }
  });

  it('refuses a client timeoutMs above 2,147,483,647 with the reason', () => {
    for (const timeoutMs of [2_147_483_648, Number.MAX_SAFE_INTEGER, Infinity]) {
      expect(() => client({ timeoutMs })).toThrow(refusal('timeoutMs', expect.stringContaining('2147483647')));
    }
    expect(() => client({ timeoutMs: 2_147_483_647 })).not.toThrow();
  });

  it('refuses a maxResponseBytes that is not a whole number of at least 1', () => {
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => client({ maxResponseBytes })).toThrow(InvalidArgumentError);
    }
  });

  it('refuses both credentials empty, and one credential alone', () => {
    for (const credentials of [{ username: '', password: '' }, { username: USERNAME }, { password: PASSWORD }]) {
      const create = () => createCallsClient({ baseUrl: server.url, ...credentials });
      expect(create).toThrow(InvalidArgumentError);
      let error: unknown;
      try {
        create();
      } catch (caught) {
        error = caught;
      }
      expectNoCredential(renderings(error), { username: USERNAME, password: PASSWORD });
    }
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

describe('call options', () => {
  it('refuses a per-call timeoutMs above 2,147,483,647 and sends nothing', async () => {
    server.script(reply.json(200, CALL));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const error = await client()
        .getCall(CALL_ID, { timeoutMs: Number.MAX_SAFE_INTEGER })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'timeoutMs' });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(server.requests).toHaveLength(0);
    expect(warnings.map((warning) => warning.name)).not.toContain('TimeoutOverflowWarning');
  });

  const FORBIDDEN = [
    'connection',
    'keep-alive',
    'transfer-encoding',
    'te',
    'trailer',
    'upgrade',
    'expect',
    'host',
    'content-length',
    'proxy-authorization',
    'Proxy-Connection',
    'Transfer-Encoding',
    'authorization',
    'Authorization',
  ];
  const VALUE: Record<string, string> = { 'transfer-encoding': 'chunked', expect: '100-continue', 'content-length': '17', upgrade: 'websocket' };
  const shapes: Array<[string, (name: string, value: string) => NonNullable<Parameters<ReturnType<typeof client>['getCall']>[1]>['headers']]> = [
    ['a plain object', (name, value) => ({ 'x-ok': '1', [name]: value })],
    [
      'a Headers instance',
      (name, value) =>
        new Headers([
          ['x-ok', '1'],
          [name, value],
        ]),
    ],
    [
      'an array of pairs',
      (name, value) => [
        ['x-ok', '1'],
        [name, value],
      ],
    ],
  ];

  it.each(shapes)('refuses every forbidden request header given as %s, and sends nothing', async (_shape, make) => {
    server.script(reply.json(200, CALL));
    for (const name of FORBIDDEN) {
      const value = VALUE[name.toLowerCase()] ?? (name.toLowerCase() === 'authorization' ? `Basic ${Buffer.from('other:secret').toString('base64')}` : 'x');
      for (const call of [
        () => client().getCall(CALL_ID, { headers: make(name, value) }),
        () => client().updateCall(CALL_ID, { note: 'n' }, { headers: make(name, value) }),
      ]) {
        const error = await call().catch((caught: unknown) => caught);
        expect(error, name).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument.toLowerCase()).toBe(`headers.${name.toLowerCase()}`);
      }
    }
    expect(server.requests).toHaveLength(0);
    // The same shape with allowed headers only is sent, so the count above is the checks' doing.
    await client().getCall(CALL_ID, { headers: make('x-request-id', 'mine') });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-request-id']).toBe('mine');
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
    await expect(client().getCall(CALL_ID, { headers })).rejects.toThrow(InvalidArgumentError);
    // A Headers instance, where the Headers constructor itself lets the pair through.
    const instance = (() => {
      try {
        return new Headers(headers);
      } catch {
        return undefined;
      }
    })();
    if (instance) await expect(client().getCall(CALL_ID, { headers: instance })).rejects.toThrow(InvalidArgumentError);
    await expect(client().getCall(CALL_ID, { headers: Object.entries(headers) })).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  // fetch's Headers cannot carry a character above U+00FF: such a value must be refused as input, before sending,
  // not surface as fetch's own TypeError.
  it('refuses a header value fetch cannot send before sending, with InvalidArgumentError', async () => {
    server.script(reply.json(200, CALL));
    await expect(client().getCall(CALL_ID, { headers: { 'x-note': 'price in €' } })).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('ids and bodies', () => {
  it.each([
    ['empty', ''],
    ['not a UUID', 'call-42'],
    ['a path', '../../admin'],
    ['a dot segment', '..'],
    ['CR/LF', `${CALL_ID}\r\nX-Injected: 1`],
    ['a UUID with a suffix', `${CALL_ID}/x`],
  ])('refuses an id that is %s', async (_name, id) => {
    server.script(reply.json(200, CALL));
    await expect(client().getCall(id)).rejects.toThrow(refusal('id'));
    await expect(client().updateCall(id, { status: 'completed' })).rejects.toThrow(refusal('id'));
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an id that is not a string, for JavaScript callers', async () => {
    await expect(client().getCall(42 as unknown as string)).rejects.toThrow(InvalidArgumentError);
  });

  it.each<[string, unknown]>([
    ['empty', {}],
    ['null', null],
    ['an array', [{ status: 'completed' }]],
    ['with an unknown key', { status: 'completed', priority: 'high' }],
    ['with a non-string value', { note: 42 }],
  ])('refuses an update body that is %s', async (_name, body) => {
    server.script(reply.json(200, CALL));
    await expect(client().updateCall(CALL_ID, body as UpdateCallRequest)).rejects.toThrow(refusal(expect.stringMatching(/^body/)));
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a status outside CallStatus, in an update body as in the list filters, and sends nothing', async () => {
    server.script(reply.json(200, CALL));
    const bogus = { status: 'bogus' } as unknown as UpdateCallRequest;
    await expect(client().updateCall(CALL_ID, bogus)).rejects.toThrow(refusal('body.status', expect.stringContaining('must be one of')));
    await expect(client().listCalls(bogus as never)).rejects.toThrow(refusal('filters.status', expect.stringContaining('must be one of')));
    // Case is part of the value: the contract's enum is lower case.
    await expect(client().updateCall(CALL_ID, { status: 'COMPLETED' } as unknown as UpdateCallRequest)).rejects.toThrow(refusal('body.status'));
    expect(server.requests).toHaveLength(0);
  });

  it('sends an update body without its undefined fields', async () => {
    server.script(reply.json(200, CALL));
    await client().updateCall(CALL_ID, { status: 'completed', note: undefined } as unknown as UpdateCallRequest);
    expect(server.requests[0]?.body).toBe('{"status":"completed"}');
  });

  it('drops undefined body fields', async () => {
    server.script(reply.json(200, CALL));
    await client().updateCall(CALL_ID, { status: 'completed', note: undefined } as unknown as { status: 'completed' });
    expect(server.requests.map((request) => JSON.parse(request.body) as unknown)).toEqual([{ status: 'completed' }]);
  });

  it('sends what it checked: a getter is read once, a non-enumerable toJSON is ignored', async () => {
    server.script(reply.json(200, CALL));
    let reads = 0;
    const body = {
      get note(): string {
        reads += 1;
        return reads === 1 ? 'checked' : 'swapped after the check';
      },
    };
    Object.defineProperty(body, 'toJSON', { value: () => ({ note: 'from toJSON', agentId: 42 }), enumerable: false });
    await client().updateCall(CALL_ID, body);
    expect(reads).toBe(1);
    expect(server.requests.map((request) => JSON.parse(request.body) as unknown)).toEqual([{ note: 'checked' }]);

    // An enumerable toJSON is a function, which JSON cannot carry: refused, nothing sent.
    server.script(reply.json(200, CALL));
    const error = await client()
      .updateCall(CALL_ID, { note: 'n', toJSON: () => ({}) } as unknown as { note: string })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('a body getter that throws ends in an ElementeError and sends nothing', async () => {
    server.script(reply.json(200, CALL));
    const body = {
      get note(): string {
        throw new RangeError('getter');
      },
    };
    const error = await client()
      .updateCall(CALL_ID, body)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ElementeError);
    expect(server.requests).toHaveLength(0);
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
});

describe('what is sent', () => {
  it('sends Basic credentials as UTF-8 with a colon and non-ASCII characters in the password', async () => {
    server.script(reply.json(200, CALL));
    await createCallsClient({ baseUrl: server.url, username: 'jörg', password: 'pa:ss wörd€' }).getCall(CALL_ID);
    const header = server.requests[0]?.headers.authorization ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(header.slice(6), 'base64')).toEqual(Buffer.from('jörg:pa:ss wörd€', 'utf8'));
  });

  it('sends the user agent, accept and content type', async () => {
    server.script(reply.json(200, CALL));
    await client({ userAgent: 'my-app/2.0' }).updateCall(CALL_ID, { status: 'completed' });
    expect(server.requests[0]?.headers).toMatchObject({ 'user-agent': 'my-app/2.0', accept: 'application/json', 'content-type': 'application/json' });
  });

  it('keeps a base URL path prefix and still names the operation', async () => {
    server.script(reply.json(404, { statusCode: 404, message: 'Call not found' }));
    const error = await createCallsClient({ baseUrl: `${server.url}/gateway/elemente/` })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(server.requests[0]?.url).toBe(`/gateway/elemente/api/v1/calls/${CALL_ID}`);
    expect(error).toMatchObject({ operation: 'getCall', path: `/gateway/elemente/api/v1/calls/${CALL_ID}` });
  });
});
