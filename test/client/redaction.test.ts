// No failure path may carry the credentials, in any form the client knows:
// not an error's message, stack, cause chain, JSON or inspect output, and not
// what the raw client returns; and no answer can forge a log line through
// the message. The servers below echo the credentials on purpose (in bodies,
// headers, reason phrases, bytes undici cannot parse), so every absence is
// the client's doing; the scanner is test/helpers/leaks.ts.
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, type CallsClientOptions, ConnectionError, createCallsClient, ElementeError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { responseValidator } from '../../src/validation.js';
import { CALL_ID } from '../helpers/contract.js';
import { type FaultHandler, reply, useFaultServer } from '../helpers/fault-server.js';
import { expectNoCredential, renderings } from '../helpers/leaks.js';
import { refusal } from '../helpers/refusals.js';

// Random-looking, so that no start of a form can occur in the client's own text. The password holds a colon and
// characters outside ASCII, and makes the Basic token hold "+", "/" and "=" padding: the unpadded, Base64url and
// percent-encoded forms of the token then all differ from the padded one.
const USERNAME = 'h7Qx-Zr2w';
const PASSWORD = 'p?¿>:Zä8Tw3';
const CREDENTIALS = { username: USERNAME, password: PASSWORD };
const TOKEN = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
const UNPADDED = TOKEN.replace(/=+$/, '');
const TOKEN_URL = UNPADDED.replace(/\+/g, '-').replace(/\//g, '_');
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

const server = useFaultServer();
beforeAll(() => {
  expect(TOKEN).toMatch(/[+/].*=$/);
});

function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, ...CREDENTIALS, maxRetries: 0, ...options });
}

const failingPaths: Array<[string, FaultHandler | null, Partial<CallsClientOptions>]> = [
  ['401', reply.json(401, { statusCode: 401, message: 'Unauthorized' }), {}],
  ['400 list', reply.json(400, { statusCode: 400, message: ['id must be a UUID'], error: 'Bad Request' }), {}],
  ['404', reply.json(404, { statusCode: 404, message: 'Call not found' }), {}],
  ['429', reply.json(429, {}, { 'retry-after': '0' }), { maxRetries: 1 }],
  ['500', reply.json(500, { statusCode: 500, message: 'Internal server error' }), {}],
  ['HTML 502', reply.text(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' }), { maxRetries: 0 }],
  // A server or proxy that echoes the request headers into its error body: the client must scrub them.
  ['echoing 400', (req, res) => res.writeHead(400, { 'content-type': 'text/plain' }).end(`bad request: ${JSON.stringify(req.headers)}`), {}],
  ['timeout', reply.never(), { timeoutMs: 100, maxRetries: 0 }],
  ['reset', reply.reset(), { maxRetries: 0 }],
  ['empty 200', (_req, res) => res.writeHead(200).end(), {}],
  ['truncated 200', reply.text(200, '{"id": "12', { 'content-type': 'application/json' }), {}],
  ['invalid 200, validated', reply.json(200, { id: 'x' }), { validateResponses: responseValidator }],
  ['echoing 200 that is not JSON', (req, res) => res.writeHead(200).end(`${String(req.headers.authorization)} ${PASSWORD}`), {}],
  [
    'echoing 401 as JSON',
    (req, res) =>
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ statusCode: 401, message: [String(req.headers.authorization), PASSWORD] })),
    {},
  ],
];

describe('on every failure path', () => {
  it.each(failingPaths)('%s', async (_name, handler, options) => {
    if (handler) server.script(handler);
    const error = await createCallsClient({ baseUrl: server.url, ...CREDENTIALS, ...options })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ElementeError);
    expectNoCredential(renderings(error), CREDENTIALS);
    // The credentials did reach the server, so the check above is about the error, not a missing header.
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${TOKEN}`);
  });
});

describe('echoed by the server in any form', () => {
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
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ElementeError);
    expectNoCredential(renderings(error), CREDENTIALS);
    // The credentials were sent, so the absence above is the client's doing.
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${TOKEN}`);
  });

  it('a custom fetch whose error text and cause hold the credentials', async () => {
    const error = await client({
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
    })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoCredential(renderings(error), CREDENTIALS);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  // undici's parser errors keep the raw bytes in `data`; the client keeps a sanitised copy only.
  it.each([
    ['a status line', `HTTP/1.1 2${TOKEN} ${PASSWORD}\r\n\r\n`],
    ['a Content-Length', `HTTP/1.1 200 OK\r\nContent-Length: 5${UNPADDED}\r\n\r\nhello`],
    ['a header name', `HTTP/1.1 200 OK\r\nX${TOKEN}: ${USERNAME}\r\nContent-Length: 0\r\n\r\n`],
    ['a chunk size', `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${TOKEN}\r\n${PASSWORD}`],
  ])('undici parser errors on credentials in %s', async (_name, bytes) => {
    server.script(reply.raw(bytes));
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoCredential(renderings(error), CREDENTIALS);
  });

  // A number in a parsed JSON body is text again once it is in the message or the body: an all-digit password must
  // be found there too. Only the message and the JSON are scanned: a stack's line numbers are digits by chance.
  it('keeps an all-digit password out of the error when the server echoes it as a JSON number', async () => {
    server.script(reply.json(400, { echo: 31415926 }));
    const pin = { username: 'pin', password: '31415926' };
    const error = await createCallsClient({ baseUrl: server.url, ...pin, maxRetries: 0 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expectNoCredential(`${(error as Error).message}\n${JSON.stringify(error)}`, pin);
  });
});

describe('what the raw client returns', () => {
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
    expectNoCredential(rendered, CREDENTIALS);
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
    expectNoCredential(JSON.stringify(error) + inspect(error, { depth: 10 }), CREDENTIALS);
  });

  it('the raw client throws a sanitised ConnectionError for an undici parser error', async () => {
    server.script(reply.raw(`HTTP/1.1 2${TOKEN} ${PASSWORD}\r\n\r\n`));
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    const error = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoCredential(renderings(error), CREDENTIALS);
  });
});

describe('refusals do not repeat the credentials', () => {
  it('refuses a bad password without repeating it', () => {
    const create = () => createCallsClient({ username: USERNAME, password: `${PASSWORD}\r\nX-Injected: 1` });
    expect(create).toThrow(refusal('password'));
    let error: unknown;
    try {
      create();
    } catch (caught) {
      error = caught;
    }
    expectNoCredential(renderings(error), CREDENTIALS);
  });

  it('refuses credentials in the base URL without repeating them', () => {
    const create = () => createCallsClient({ baseUrl: `https://${USERNAME}:${encodeURIComponent(PASSWORD)}@api.elemente.ai` });
    expect(create).toThrow(/baseUrl: must not contain credentials/);
    let error: unknown;
    try {
      create();
    } catch (caught) {
      error = caught;
    }
    expectNoCredential(renderings(error), CREDENTIALS);
  });
});

describe('no log injection', () => {
  const forged = 'bad\r\nINFO 2026-01-01 admin logged in\u001b[2J\u0085\u2028';

  it.each([
    ['a JSON message', reply.json(400, { statusCode: 400, message: forged })],
    ['a JSON message list', reply.json(400, { statusCode: 400, message: [forged, forged] })],
    ['a text body', reply.text(500, forged)],
  ])('CR, LF and ESC from %s are escaped in the message', async (_name, handler) => {
    server.script(handler);
    const error = await client()
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ElementeError);
    expect((error as Error).message).not.toMatch(/[\r\n\u001b\u0085\u2028]/);
    expect((error as Error).message).toContain('\\u000d\\u000a');
    expect((error as Error).message).toContain('\\u001b');
  });

  it('a control character in the reason phrase or a header is a ConnectionError with a clean message', async () => {
    for (const bytes of [
      'HTTP/1.1 500 Oops\u001b[31m\r\nContent-Length: 0\r\n\r\n',
      'HTTP/1.1 500 Oops\r\nX-Request-Id: a\u001b[31mb\r\nContent-Length: 0\r\n\r\n',
    ]) {
      server.script(reply.raw(bytes));
      const error = await client()
        .getCall(CALL_ID)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).not.toMatch(/[\r\n\u001b]/);
    }
  });
});
