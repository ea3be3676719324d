// Issue 12's promises, one describe per item, against a node:http server on
// loopback that misbehaves on purpose: hostile answers (deep nesting, bombs,
// echoed credentials, control characters, redirects) and careless callers
// (forbidden headers, huge timeouts, odd bodies). Every assertion is on a
// class, a field or a count, never on the clock.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  type CallsClientOptions,
  ConnectionError,
  createCallsClient,
  ElementeError,
  InvalidArgumentError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
} from '../src/index.js';
import { createRawClient } from '../src/raw.js';
import { responseValidator } from '../src/validation.js';
import { CALL_ID, loadBundle } from './helpers/contract.js';
import { type FaultHandler, type FaultServer, reply, startFaultServer } from './helpers/fault-server.js';
import { failure, thrown } from './helpers/outcomes.js';
import { until } from './helpers/until.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;

// The password is chosen so that the Basic token holds "+", "/" and "=" padding:
// the unpadded and Base64url forms then differ from the padded one.
const USERNAME = 'hostile-user';
const PASSWORD = 'p?¿>-Secret';
const TOKEN = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
const UNPADDED = TOKEN.replace(/=+$/, '');
const TOKEN_URL = UNPADDED.replace(/\+/g, '-').replace(/\//g, '_');
/** Every form in which a credential must never appear in an error. */
const SECRETS = [USERNAME, PASSWORD, `${USERNAME}:${PASSWORD}`, TOKEN, UNPADDED, TOKEN_URL, encodeURIComponent(TOKEN), encodeURIComponent(PASSWORD)];
/** What a hostile server echoes back: the token in each form and letter case of `Basic`, and the bare credentials. */
const ECHOES = [
  `Basic ${TOKEN}`,
  `basic ${UNPADDED}`,
  `BASIC ${TOKEN_URL}`,
  encodeURIComponent(`Basic ${TOKEN}`),
  encodeURIComponent(`Basic ${TOKEN}`).toLowerCase(),
  `user ${USERNAME} may not`,
  `password ${PASSWORD}`,
  encodeURIComponent(PASSWORD).toLowerCase(),
];

let server: FaultServer;
beforeAll(async () => {
  expect(TOKEN).toMatch(/[+/].*=$/);
  server = await startFaultServer();
});
afterAll(() => server.close());

function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0, ...options });
}

/** Every rendering of an error: message, stack, JSON, util.inspect at depth 10, and the same for each cause. */
function everythingIn(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || error === undefined || seen.has(error)) return '';
  seen.add(error);
  if (typeof error !== 'object') return String(error);
  const parts = [inspect(error, { depth: 10 }), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error) ?? ''];
  if (error instanceof Error) parts.push(error.message, error.stack ?? '', everythingIn(error.cause, seen));
  return parts.join('\n');
}

/** The credential forms found in `text`; an empty list is the pass. */
function leaksIn(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

/** Streams `chunk` `times` times with backpressure, stopping when the client goes away; the counts say how far it got. */
function streamed(status: number, headers: Record<string, string>, chunk: Buffer, times: number) {
  const stats = { written: 0, total: chunk.length * times, done: false, finished: false };
  const handler: FaultHandler = (_req, res: ServerResponse) => {
    res.writeHead(status, headers);
    let sent = 0;
    res.on('close', () => {
      stats.finished = res.writableFinished;
      stats.done = true;
    });
    const pump = () => {
      while (sent < times && !res.destroyed) {
        sent += 1;
        stats.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  return { stats, handler };
}

/** Writes `bytes` straight to the socket, as a server with a broken HTTP stack would, then closes it. */
function rawAnswer(bytes: string): FaultHandler {
  return (_req, _res, socket: Socket) => {
    socket.end(Buffer.from(bytes, 'latin1'));
  };
}

describe('1. every failure is an ElementeError', () => {
  const DEPTH = 100_000;
  const deep = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

  it('a 100,000-deep nested-array error body is a typed error, not a RangeError', async () => {
    server.script(reply.text(400, deep, { 'content-type': 'application/json' }));
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(() => inspect(error, { depth: 10 })).not.toThrow();
  });

  it('a deep error body that fits the kept size is parsed without a RangeError', async () => {
    const nested = '['.repeat(3_000) + ']'.repeat(3_000);
    server.script(reply.text(500, `{"statusCode":500,"message":${nested},"error":${nested}}`, { 'content-type': 'application/json' }));
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ServerError);
    expect(() => JSON.stringify(error)).not.toThrow();
  });

  it('a 100,000-deep 200 body is a typed error when validated, and never a RangeError', async () => {
    server.script(reply.text(200, deep, { 'content-type': 'application/json' }));
    const error = await failure(client({ validateResponses: responseValidator }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    const list = await failure(client({ validateResponses: responseValidator }).listCalls());
    expect(list).toBeInstanceOf(ResponseValidationError);
  });

  // The kept body is capped at 8 KiB (MAX_ERROR_BODY_BYTES) and ends with " [cut at 8192 bytes]".
  it('a 50 MB 500 page is cut at 8 KiB with the cut marker, and the rest is never read', async () => {
    const page = streamed(500, { 'content-type': 'text/html' }, Buffer.alloc(64 * 1024, 'x'), 800);
    expect(page.stats.total).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    server.script(page.handler);
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ServerError);
    const { body } = error as ServerError;
    expect(typeof body).toBe('string');
    expect(body as string).toMatch(/ \[cut at 8192 bytes\]$/);
    expect((body as string).length).toBe(8192 + ' [cut at 8192 bytes]'.length);
    await until(() => page.stats.done);
    expect(page.stats.finished).toBe(false);
    expect(page.stats.written).toBeLessThan(page.stats.total / 2);
  });

  it('a custom fetch that throws a non-Error, or a hostile Proxy, still ends in an ElementeError', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error(`trap ${PASSWORD}`);
        },
      },
    );
    for (const value of ['a string', 42, null, hostile]) {
      const error = await failure(
        client({
          fetch: () => {
            throw value;
          },
        }).getCall(CALL_ID),
      );
      expect(error).toBeInstanceOf(ElementeError);
      expect(leaksIn(everythingIn(error))).toEqual([]);
    }
  });

  // The Response the raw client builds needs a ByteString reason phrase; undici decodes it as UTF-8.
  it('the raw client survives a reason phrase beyond Latin-1, or not UTF-8', async () => {
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    for (const [reason, status] of [
      ['\u00e9t\u00e9', 200],
      ['\u65e5\u672c', 200],
      ['\u00e9t\u00e9', 404],
      ['\u65e5\u672c', 500],
    ] as const) {
      const bytes = Buffer.concat([
        Buffer.from(`HTTP/1.1 ${status} `),
        Buffer.from(reason, reason === '\u00e9t\u00e9' ? 'latin1' : 'utf8'),
        Buffer.from(`\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`),
      ]);
      server.script((_req, _res, socket) => socket.end(bytes));
      const { response } = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } });
      expect(response.status).toBe(status);
      expect(response.statusText).toMatch(/^[\u0000-\u00ff]*$/);
    }
  });

  it('the raw client refuses a 2xx body that is not JSON with a typed error that does not quote it', async () => {
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    for (const text of [`Basic ${TOKEN}`, PASSWORD, ' ', '{"id":']) {
      server.script(reply.text(200, text, { 'content-type': 'application/json' }));
      const error = await failure(raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } }));
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect(error).toMatchObject({ status: 200, operation: 'getCall' });
      expect(leaksIn(everythingIn(error))).toEqual([]);
    }
    // An empty 2xx stays what openapi-fetch makes of it: no data.
    server.script(reply.text(200, ''));
    await expect(raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } })).resolves.toMatchObject({ data: undefined });
  });

  it('a body getter that throws ends in an ElementeError and sends nothing', async () => {
    server.script(reply.json(200, CALL));
    const body = {
      get note(): string {
        throw new RangeError('getter');
      },
    };
    const error = await failure(client().updateCall(CALL_ID, body));
    expect(error).toBeInstanceOf(ElementeError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('2. bounded responses', () => {
  it('a 200 over maxResponseBytes is a ResponseTooLargeError naming the limit, with or without a stated length', async () => {
    const big = JSON.stringify({ ...(CALL as object), transcription: 'x'.repeat(100_000) });
    for (const handler of [
      reply.text(200, big, { 'content-type': 'application/json' }),
      (_req: unknown, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(big.slice(0, 50_000));
        res.end(big.slice(50_000));
      },
    ] as FaultHandler[]) {
      server.script(handler);
      const error = await failure(client({ maxResponseBytes: 65_536 }).getCall(CALL_ID));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ maxResponseBytes: 65_536, operation: 'getCall', method: 'GET' });
    }
    // At the limit exactly, the answer is read.
    server.script(reply.text(200, big, { 'content-type': 'application/json' }));
    await expect(client({ maxResponseBytes: Buffer.byteLength(big) }).getCall(CALL_ID)).resolves.toMatchObject({ id: (CALL as { id: string }).id });
  });

  // One gzip member of 1 MiB of zeros is about 1 kB; members repeat, so the
  // answer would inflate to 64 GiB from about 68 MB on the wire.
  it('a gzip bomb is a ResponseTooLargeError, its body cancelled, memory near the limit', async () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = streamed(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, member, 64 * 1024);
    server.script(bomb.handler);
    const before = process.memoryUsage().rss;
    const error = await failure(client({ maxResponseBytes: 1024 * 1024 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).maxResponseBytes).toBe(1024 * 1024);
    await until(() => bomb.stats.done);
    // The client went away early: far less was sent than the bomb holds.
    expect(bomb.stats.finished).toBe(false);
    expect(bomb.stats.written).toBeLessThan(bomb.stats.total / 4);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('a gzip bomb as an error body is cut at the kept size', async () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024, ' '));
    const bomb = streamed(503, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, member, 64 * 1024);
    server.script(bomb.handler);
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).body).toMatch(/ \[cut at 8192 bytes\]$/);
    await until(() => bomb.stats.done);
    expect(bomb.stats.written).toBeLessThan(bomb.stats.total / 4);
  });

  it('refuses a maxResponseBytes that is not a whole number of at least 1', () => {
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(thrown(() => client({ maxResponseBytes }))).toBeInstanceOf(InvalidArgumentError);
    }
  });
});

describe('3. credentials never leave in any form', () => {
  const jsonEscapedPassword = [...PASSWORD].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const echoes: Array<[string, FaultHandler]> = [
    ['in a plain-text 403 body', reply.text(403, ECHOES.join('\n'))],
    ['in a JSON 403 body, message and error', reply.json(403, { statusCode: 403, message: ECHOES, error: `Forbidden ${USERNAME}` })],
    [
      'in a JSON body spelled with \\u escapes',
      reply.text(401, `{"statusCode":401,"message":"bad ${jsonEscapedPassword}"}`, { 'content-type': 'application/json' }),
    ],
    [
      'in x-request-id',
      reply.json(403, { statusCode: 403, message: 'no' }, { 'x-request-id': `${USERNAME} ${PASSWORD} Basic ${TOKEN} ${encodeURIComponent(TOKEN)}` }),
    ],
    ['in the reason phrase', (_req, res) => res.writeHead(403, `Forbidden ${USERNAME} ${UNPADDED}`).end()],
    ['the request headers echoed whole', (req, res) => res.writeHead(400, { 'content-type': 'text/plain' }).end(JSON.stringify(req.headers))],
    ['in a 200 that is not JSON', reply.text(200, ECHOES.join(' '), { 'x-request-id': `Basic ${TOKEN}` })],
    ['in a 3xx location', reply.text(302, '', { location: `https://${USERNAME}:${encodeURIComponent(PASSWORD)}@evil.example/${TOKEN}` })],
  ];

  it.each(echoes)('echoed %s', async (_name, handler) => {
    server.script(handler);
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ElementeError);
    expect(leaksIn(everythingIn(error))).toEqual([]);
    // The credentials were sent, so the absence above is the client's doing.
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${TOKEN}`);
  });

  it('a custom fetch whose error text and cause hold the credentials', async () => {
    const error = await failure(
      client({
        fetch: async (request) => {
          const inner = Object.assign(new Error(`socket said ${request.headers.get('authorization') ?? ''}`), {
            code: 'EHOSTILE',
            data: Buffer.from(PASSWORD),
            input: USERNAME,
          });
          throw Object.assign(new TypeError(`cannot reach ${USERNAME} with ${PASSWORD} (${encodeURIComponent(TOKEN)})`, { cause: inner }), {
            headers: request.headers,
          });
        },
      }).getCall(CALL_ID),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(leaksIn(everythingIn(error))).toEqual([]);
    expect(error.cause).toBeInstanceOf(Error);
  });

  // undici's parser errors keep the raw bytes in `data`; the client keeps a sanitised copy only.
  it.each([
    ['a status line', `HTTP/1.1 2${TOKEN} ${PASSWORD}\r\n\r\n`],
    ['a Content-Length', `HTTP/1.1 200 OK\r\nContent-Length: 5${UNPADDED}\r\n\r\nhello`],
    ['a header name', `HTTP/1.1 200 OK\r\nX${TOKEN}: ${USERNAME}\r\nContent-Length: 0\r\n\r\n`],
    ['a chunk size', `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${TOKEN}\r\n${PASSWORD}`],
  ])('undici parser errors on credentials in %s', async (_name, bytes) => {
    server.script(rawAnswer(bytes));
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(leaksIn(everythingIn(error))).toEqual([]);
  });

  it('the raw client redacts error bodies, kept headers and the reason phrase', async () => {
    server.script((_req, res) =>
      res
        .writeHead(403, `Forbidden ${UNPADDED}`, { 'content-type': 'application/json', 'x-request-id': `Basic ${TOKEN}`, 'x-echo': `${USERNAME} ${PASSWORD}` })
        .end(JSON.stringify({ statusCode: 403, message: ECHOES })),
    );
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    const { data, error, response } = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(403);
    const rendered = [JSON.stringify(error), inspect(error, { depth: 10 }), response.statusText, JSON.stringify([...response.headers])].join('\n');
    expect(leaksIn(rendered)).toEqual([]);
  });

  it('the raw client redacts credentials spelled with JSON escapes, which openapi-fetch decodes', async () => {
    const escaped = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const deep = '['.repeat(2_000) + ']'.repeat(2_000);
    server.script(
      reply.text(403, `{"statusCode":403,"message":"no ${escaped(PASSWORD)}","${escaped(USERNAME)}":["Basic ${escaped(TOKEN)}",${deep}]}`, {
        'content-type': 'application/json',
      }),
    );
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    const { error } = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } });
    expect(error).toMatchObject({ statusCode: 403, message: 'no [redacted]' });
    expect(leaksIn(JSON.stringify(error) + inspect(error, { depth: 10 }))).toEqual([]);
  });

  it('the raw client throws a sanitised ConnectionError for an undici parser error', async () => {
    server.script(rawAnswer(`HTTP/1.1 2${TOKEN} ${PASSWORD}\r\n\r\n`));
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    const error = await failure(raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(leaksIn(everythingIn(error))).toEqual([]);
  });
});

describe('4. no log injection', () => {
  const forged = 'bad\r\nINFO 2026-01-01 admin logged in\u001b[2J\u0085\u2028';

  it.each([
    ['a JSON message', reply.json(400, { statusCode: 400, message: forged })],
    ['a JSON message list', reply.json(400, { statusCode: 400, message: [forged, forged] })],
    ['a text body', reply.text(500, forged)],
  ])('CR, LF and ESC from %s are escaped in the message', async (_name, handler) => {
    server.script(handler);
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(ElementeError);
    expect(error.message).not.toMatch(/[\r\n\u001b\u0085\u2028]/);
    expect(error.message).toContain('\\u000d\\u000a');
    expect(error.message).toContain('\\u001b');
  });

  it('a control character in the reason phrase or a header is a ConnectionError with a clean message', async () => {
    for (const bytes of [
      'HTTP/1.1 500 Oops\u001b[31m\r\nContent-Length: 0\r\n\r\n',
      'HTTP/1.1 500 Oops\r\nX-Request-Id: a\u001b[31mb\r\nContent-Length: 0\r\n\r\n',
    ]) {
      server.script(rawAnswer(bytes));
      const error = await failure(client().getCall(CALL_ID));
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).not.toMatch(/[\r\n\u001b]/);
    }
  });
});

describe('5. options and headers checked up front', () => {
  it('refuses a client timeoutMs above 2,147,483,647 with the reason', () => {
    for (const timeoutMs of [2_147_483_648, Number.MAX_SAFE_INTEGER, Infinity]) {
      const error = thrown(() => client({ timeoutMs }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'timeoutMs' });
      expect((error as Error).message).toContain('2147483647');
    }
    expect(() => client({ timeoutMs: 2_147_483_647 })).not.toThrow();
  });

  it('refuses a per-call timeoutMs above 2,147,483,647 and sends nothing', async () => {
    server.script(reply.json(200, CALL));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const error = await failure(client().getCall(CALL_ID, { timeoutMs: Number.MAX_SAFE_INTEGER }));
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
        const error = await failure(call());
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

  it('refuses both credentials empty, and one credential alone', () => {
    for (const credentials of [{ username: '', password: '' }, { username: USERNAME }, { password: PASSWORD }]) {
      const error = thrown(() => createCallsClient({ baseUrl: server.url, ...credentials }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(leaksIn(everythingIn(error))).toEqual([]);
    }
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
    const error = await failure(client().updateCall(CALL_ID, { note: 'n', toJSON: () => ({}) } as unknown as { note: string }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
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
      const error = thrown(() => createCallsClient({ baseUrl }));
      expect(error, baseUrl).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'baseUrl' });
    }
    for (const baseUrl of ['http://localhost:3000', 'http://localhost.:3000', 'http://127.1.2.3', 'http://[::1]:8080']) {
      expect(() => createCallsClient({ baseUrl }), baseUrl).not.toThrow();
    }
  });

  it('one AbortSignal shared by 50 concurrent calls prints no MaxListenersExceededWarning', async () => {
    const held: ServerResponse[] = [];
    server.script((_req, res) => {
      held.push(res);
      if (held.length === 50) for (const response of held) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CALL));
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const calls = Array.from({ length: 50 }, () => client().getCall(CALL_ID, { signal: controller.signal }));
      await expect(Promise.all(calls)).resolves.toHaveLength(50);
      // Then 50 calls waiting on the same signal, aborted together.
      server.script(reply.never());
      const pending = Array.from({ length: 50 }, () =>
        client()
          .getCall(CALL_ID, { signal: controller.signal })
          .catch((error: unknown) => error),
      );
      await until(() => server.requests.length === 50);
      const reason = new Error('caller aborted');
      controller.abort(reason);
      expect(await Promise.all(pending)).toEqual(Array.from({ length: 50 }, () => reason));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });
});

describe('6. redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])('%i is a RedirectError naming the status and target origin, after exactly one request', async (status) => {
    for (const call of [() => client({ maxRetries: 2 }).getCall(CALL_ID), () => client({ maxRetries: 2 }).updateCall(CALL_ID, { note: 'secret note' })]) {
      server.script(reply.text(status, '', { location: `http://evil.example:8080/steal?auth=${encodeURIComponent(TOKEN)}&u=${USERNAME}` }));
      const error = await failure(call());
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toMatchObject({ status, location: 'http://evil.example:8080' });
      expect(error.message).toContain(String(status));
      expect(leaksIn(everythingIn(error))).toEqual([]);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('a redirect loop costs one request', async () => {
    server.script((req, res) => res.writeHead(307, { location: `${server.url}${req.url}` }).end());
    const error = await failure(client({ maxRetries: 2 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 307, location: server.url });
    expect(server.requests).toHaveLength(1);
  });

  it('the raw client does not follow one either', async () => {
    server.script(reply.text(308, '', { location: 'https://elsewhere.example/api/v1/calls' }));
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD });
    const error = await failure(raw.PUT('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } }, body: { note: 'n' } }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 308, location: 'https://elsewhere.example' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('7. validation covers every 2xx', () => {
  it.each([201, 202, 203, 206])('an undocumented %i on getCall is a ResponseValidationError', async (status) => {
    server.script(reply.json(status, CALL));
    const error = await failure(client({ validateResponses: responseValidator }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ status, operation: 'getCall' });
  });

  it('the documented 200 passes', async () => {
    server.script(reply.json(200, CALL));
    await expect(client({ validateResponses: responseValidator }).getCall(CALL_ID)).resolves.toEqual(CALL);
  });
});

describe('8. Retry-After on every error that may carry it', () => {
  it.each([
    [429, RateLimitError],
    [503, ServerError],
    [500, ServerError],
    [401, AuthenticationError],
  ] as const)('%i with Retry-After: 120 carries retryAfterMs 120000', async (status, type) => {
    server.script(reply.json(status, { statusCode: status, message: 'wait' }, { 'retry-after': '120' }));
    const error = await failure(client({ maxRetries: 0 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, retryAfterMs: 120_000 });
  });

  // 120 s is above the longest wait the client makes: the error comes back at once, retries or not.
  it('a Retry-After above the longest wait is not waited for, even with retries left', async () => {
    server.script(reply.json(503, { statusCode: 503, message: 'later' }, { 'retry-after': '120' }));
    const error = await failure(client({ maxRetries: 2 }).getCall(CALL_ID));
    expect(error).toMatchObject({ status: 503, retryAfterMs: 120_000 });
    expect(server.requests).toHaveLength(1);
  });

  it('an HTTP-date Retry-After is converted to milliseconds', async () => {
    const at = new Date(Date.now() + 3_600_000).toUTCString();
    server.script(reply.json(429, { statusCode: 429, message: 'later' }, { 'retry-after': at }));
    const error = await failure(client({ maxRetries: 0 }).getCall(CALL_ID));
    expect(error).toBeInstanceOf(RateLimitError);
    const { retryAfterMs } = error as RateLimitError;
    expect(retryAfterMs).toBeGreaterThan(3_000_000);
    expect(retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('a redirect with Retry-After carries it too', async () => {
    server.script(reply.text(303, '', { location: '/elsewhere', 'retry-after': '7' }));
    const error = await failure(client().getCall(CALL_ID));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ retryAfterMs: 7_000 });
  });
});
