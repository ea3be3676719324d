// The fuzz suite: thousands of malformed answers from a real loopback
// server, and thousands of malformed inputs against a counting one, each with
// random credentials. Whatever is generated: every failure is an
// ElementeError, no rendering of an error holds a credential, every call
// settles (a per-call timeoutMs turns a hang into a TimeoutError), nothing is
// rejected unhandled, and an input the client refuses sends nothing. The seed
// is the global one (test/setup/fast-check.ts).
import { createServer as createNetServer, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { brotliCompressSync, deflateSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallOptions,
  type CallsClientOptions,
  type CreateCallRequest,
  createCallsClient,
  ElementeError,
  InvalidArgumentError,
  RequestError,
  TimeoutError,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { responseValidator } from '../../src/validation.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';
import { type FaultServer, startFaultServer } from '../helpers/fault-server.js';
import { credentialLeaks, renderings } from '../helpers/leaks.js';

const CALL = loadBundle().components.examples.CallInProgress?.value as Record<string, unknown>;
const CALL_JSON = JSON.stringify(CALL);
/** Long enough never to fire on a loopback answer, even on a loaded machine: a TimeoutError here is a hang. */
const CALL_TIMEOUT_MS = 10_000;
/**
 * The timeout for an answer that declares a Content-Encoding. Node 20's fetch
 * never ends a body that fails to decode (a "gzip" body that is not gzip):
 * the read stays pending until the signal aborts, so the client's timeout is
 * what settles such a call, and the only outcome it can give is TimeoutError.
 * A short timeout keeps those runs cheap.
 */
const ENCODED_TIMEOUT_MS = 100;
const RUNS = 2_000;
const noop = () => undefined;

// ---------------------------------------------------------------- credentials

/**
 * Random credentials, some as short as the shortest redacted length and
 * some shorter. Each holds a character outside ASCII among its first three,
 * so that neither it nor a start of it (4 characters or more) can occur by
 * chance in what the client writes itself (English, paths, stack frames):
 * any appearance in an error is an echo that was not removed. That leading
 * character is also one whose bytes, read in the other encoding (UTF-8 as
 * Latin-1, or Latin-1 as UTF-8, as a header or a reason phrase may be),
 * no longer hold it: a credential so garbled is not a form the client
 * knows, and its ASCII start must not pass for a leak.
 */
const MARKERS = ['é', 'ß', '¿', 'ø', '€', '日'];
const LEADING_MARKERS = MARKERS.filter((marker) => !/[\u0080-\u00bf]/.test(marker));
const credentialChar = fc.constantFrom(...'aZ09-_.~!*()?/+=@#$%^&[]{}<>"\\\' ', '\t', ...MARKERS);
const credential = (exclude: string) =>
  fc
    .tuple(fc.string({ unit: credentialChar, maxLength: 2 }), fc.constantFrom(...LEADING_MARKERS), fc.string({ unit: credentialChar, maxLength: 13 }))
    .map((parts) => parts.join(''))
    .filter((text) => !text.includes(exclude));
const credentials = fc.record({ username: credential(':'), password: credential('\u0000') });
type Credentials = { username: string; password: string };

interface Forms {
  token: string;
  unpadded: string;
  tokenUrl: string;
}

function formsOf({ username, password }: Credentials): Forms {
  const token = Buffer.from(`${username}:${password}`).toString('base64');
  const unpadded = token.replace(/=+$/, '');
  return { token, unpadded, tokenUrl: unpadded.replace(/\+/g, '-').replace(/\//g, '_') };
}

// Placeholders, from Unicode's private use area, that a rendered answer replaces with this run's credentials.
const ECHO = {
  '\uE000': (c: Credentials) => c.username,
  '\uE001': (c: Credentials) => c.password,
  '\uE002': (c: Credentials) => `${c.username}:${c.password}`,
  '\uE003': (c: Credentials) => `Basic ${formsOf(c).token}`,
  '\uE004': (c: Credentials) => `basic ${formsOf(c).unpadded}`,
  '\uE005': (c: Credentials) => `BASIC ${formsOf(c).tokenUrl}`,
  '\uE006': (c: Credentials) => encodeURIComponent(`Basic ${formsOf(c).token}`),
  '\uE007': (c: Credentials) => encodeURIComponent(c.password).toLowerCase(),
  '\uE008': (c: Credentials) => [...c.password].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  '\uE009': (c: Credentials) => JSON.stringify(c.password).slice(1, -1),
} satisfies Record<string, (c: Credentials) => string>;
const PLACEHOLDERS = Object.keys(ECHO);

function echo(text: string, creds: Credentials): string {
  return text.replace(/[\uE000-\uE009]/g, (mark) => ECHO[mark as keyof typeof ECHO](creds));
}

/** Text with echoes of the credentials, control characters and log-forging sequences mixed in. */
const hostileText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
      { weight: 3, arbitrary: fc.constantFrom(...PLACEHOLDERS) },
      { weight: 1, arbitrary: fc.constantFrom('\r\n', '\n', '\u001b[31m', '\u0000', '\u007f', '\u0085', '\u2028', '\u202e', '"', '\\', '%') },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** Text with echoes of the credentials but no control character: what a header value or a reason phrase can carry and still parse. */
const echoText = fc
  .array(fc.oneof({ weight: 2, arbitrary: fc.string({ maxLength: 20 }) }, fc.constantFrom(...PLACEHOLDERS)), { maxLength: 6 })
  .map((parts) => parts.join(''));

/** Characters that could forge a log line, which no error message may hold. */
const UNSAFE_IN_MESSAGE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// ----------------------------------------------------------- the promises

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/**
 * Checks one outcome; returns the problem, or undefined when the client kept
 * every promise. A TimeoutError is a hang unless `mayStall` (the answer
 * declared a Content-Encoding, see ENCODED_TIMEOUT_MS): every server here
 * answers at once and closes the connection.
 */
function judge(error: unknown, creds: Credentials, extra: string[] = [], mayStall = false): string | undefined {
  if (!(error instanceof ElementeError)) return `not an ElementeError: ${inspect(error, { depth: 2 }).slice(0, 1000)}`;
  if (error instanceof TimeoutError && !mayStall) return `a hang: ${error.message}`;
  if (UNSAFE_IN_MESSAGE.test(error.message)) return `a control character in the message: ${JSON.stringify(error.message)}`;
  const text = [renderings(error), ...extra].join('\n');
  const leaked = credentialLeaks(text, creds);
  if (leaked.length > 0) return `${error.name} holds ${leaked.join(', ')}: ${text.slice(0, 600)}`;
  return undefined;
}

// ------------------------------------------------------ malformed responses

/**
 * A loopback server that reads each request (head and Content-Length body),
 * writes the bytes the property set, and closes the connection.
 */
async function startRawServer() {
  let answer: Buffer = Buffer.from('HTTP/1.1 500 Unset\r\nContent-Length: 0\r\n\r\n');
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', noop);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(buffered.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      socket.off('data', onData);
      requests += 1;
      socket.end(answer);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    answer(bytes: Buffer) {
      answer = bytes;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Body = { text: string } | { bytes: Uint8Array };

const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant({ text: CALL_JSON }),
  fc.constant({ text: `[${CALL_JSON}]` }),
  // Truncated JSON.
  fc.nat({ max: CALL_JSON.length }).map((n) => ({ text: CALL_JSON.slice(0, n) })),
  // Deep nesting, closed or not.
  fc
    .record({
      depth: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 1_000 }) }, fc.integer({ min: 1_000, max: 100_000 })),
      open: fc.constantFrom('[', '{"a":', '{"statusCode":400,"message":'),
      closed: fc.boolean(),
    })
    .map(({ depth, open, closed }) => ({ text: open.repeat(depth) + (closed ? (open === '[' ? ']' : '}').repeat(depth) : '') })),
  // Huge strings, with an echo at the end.
  fc
    .record({
      size: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1_000, max: 20_000 }) }, fc.integer({ min: 20_000, max: 300_000 })),
      char: fc.constantFrom('x', 'é', '\n', '\\'),
      quoted: fc.boolean(),
      tail: hostileText,
    })
    .map(({ size, char, quoted, tail }) => ({ text: quoted ? `{"statusCode":500,"message":"${char.repeat(size)}${tail}"}` : char.repeat(size) + tail })),
  // Invalid UTF-8.
  fc
    .tuple(fc.uint8Array({ maxLength: 64 }), fc.constantFrom([0xff], [0xfe, 0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]))
    .map(([bytes, bad]) => ({ bytes: Uint8Array.from([...bytes, ...bad]) })),
  // Wrong shapes.
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ text: JSON.stringify(value) ?? '' })),
  // The contract's ErrorResponse, or near it, with echoes.
  fc
    .record({
      statusCode: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constant('400'), fc.constant(null)),
      message: fc.oneof(hostileText, fc.array(hostileText, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      error: fc.option(fc.oneof(hostileText, fc.integer())),
    })
    .map((value) => ({ text: JSON.stringify(value) })),
  // A call whose strings echo.
  fc.record({ id: hostileText, transcription: hostileText }).map((echoes) => ({ text: JSON.stringify({ ...CALL, ...echoes }) })),
  hostileText.map((text) => ({ text })),
);

const headerValue = fc.oneof({ weight: 3, arbitrary: echoText }, hostileText);
// A Content-Encoding the body may not hold stalls until the timeout (ENCODED_TIMEOUT_MS): rarer than the rest.
const header: fc.Arbitrary<[string, string]> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(
      fc.constant('Content-Type'),
      fc.constantFrom(
        'application/json',
        'text/html',
        'text/plain; charset=utf-8',
        'application/json; charset=latin1',
        'application/problem+json',
        '',
        'garbage',
      ),
    ),
  },
  // At most five codings: Node 20's fetch rejects a sixth, then throws the parser error of a malformed body that
  // follows as an uncaught exception no caller can catch (plain fetch does it too; outside this client's reach).
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constant('Content-Encoding'), fc.constantFrom('identity', 'x-unknown', '', 'gzip', 'deflate', 'br', 'gzip, gzip', 'a, b, c, d, e')),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(
      fc.constant('Retry-After'),
      fc.oneof(
        fc.nat({ max: 1_000_000 }).map(String),
        fc.constantFrom('120', '-1', '1.5', 'Wed, 21 Oct 2015 07:28:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'soon', ''),
        headerValue,
      ),
    ),
  },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('X-Request-Id', 'x-request-id'), headerValue) },
  { weight: 3, arbitrary: fc.tuple(fc.constant('Location'), fc.oneof(fc.webUrl(), headerValue, fc.constant('https://\uE000:\uE001@evil.example/\uE003'))) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant('Content-Length'),
      fc.oneof(fc.nat({ max: 1_000 }).map(String), fc.constantFrom('abc', '-1', '1e3', '99999999999999999999')),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constant('Transfer-Encoding'), fc.constantFrom('chunked', 'gzip, chunked', 'identity')) },
  { weight: 3, arbitrary: fc.tuple(fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/), headerValue) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 12 }),
        hostileText.filter((name) => name.length > 0),
      ),
      headerValue,
    ),
  },
);

const COMMON_STATUSES = [200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504];
const statusLine = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.oneof(fc.constantFrom(...COMMON_STATUSES), fc.integer({ min: 100, max: 599 })), fc.oneof({ weight: 3, arbitrary: echoText }, hostileText))
      .map(([status, reason]) => `HTTP/1.1 ${status} ${reason}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'HTTP/1.1 abc OK',
      'HTTP/1.1 2000 OK',
      'HTTP/1.1 99 Low',
      'HTTP/1.1 600 High',
      'HTTP/1.1 999 Max',
      'HTTP/2 200 OK',
      'HTTP/1.1 200',
      'GARBAGE',
      '',
      'HTTP/1.1 2\uE003 OK',
      'HTTP/1.1 200 \uE001',
    ),
  },
);

const answer = fc.record({
  statusLine,
  headers: fc.array(header, { maxLength: 4 }),
  body,
  encoding: fc.constantFrom(...Array<'none'>(12).fill('none'), 'gzip', 'deflate', 'br', 'fake-gzip'),
  framing: fc.constantFrom('length', 'length', 'length', 'length', 'close', 'chunked', 'chunked', 'bad-chunked', 'short-length', 'long-length'),
});
type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

/** Latin-1 bytes where the text fits in them (as a server would write a header), UTF-8 otherwise. */
function headBytes(text: string): Buffer {
  return /[^\u0000-\u00ff]/.test(text) ? Buffer.from(text, 'utf8') : Buffer.from(text, 'latin1');
}

function render(spec: Answer, creds: Credentials): Buffer {
  const raw: Buffer = 'text' in spec.body ? Buffer.from(echo(spec.body.text, creds), 'utf8') : Buffer.from(spec.body.bytes);
  // Fast settings: the answers are made to be broken, not small.
  const encoders = {
    none: (b: Buffer) => b,
    gzip: (b: Buffer) => gzipSync(b, { level: 1 }),
    deflate: (b: Buffer) => deflateSync(b, { level: 1 }),
    br: (b: Buffer) => brotliCompressSync(b, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } }),
    'fake-gzip': (b: Buffer) => b,
  };
  const payload = encoders[spec.encoding](raw);
  const head: string[] = [echo(spec.statusLine, creds), 'Connection: close'];
  if (spec.encoding !== 'none') head.push(`Content-Encoding: ${spec.encoding === 'fake-gzip' ? 'gzip' : spec.encoding}`);
  for (const [name, value] of spec.headers) head.push(`${echo(name, creds)}: ${echo(value, creds)}`);
  let wire = payload;
  if (spec.framing === 'length') head.push(`Content-Length: ${payload.length}`);
  if (spec.framing === 'short-length') head.push(`Content-Length: ${Math.max(0, payload.length - 5)}`);
  if (spec.framing === 'long-length') head.push(`Content-Length: ${payload.length + 10}`);
  if (spec.framing === 'chunked' || spec.framing === 'bad-chunked') {
    head.push('Transfer-Encoding: chunked');
    wire =
      spec.framing === 'chunked'
        ? Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')])
        : Buffer.concat([Buffer.from('zz\r\n'), payload]);
  }
  return Buffer.concat([...head.map((line) => Buffer.concat([headBytes(line), Buffer.from('\r\n')])), Buffer.from('\r\n'), wire]);
}

const OPERATIONS = ['getCall', 'updateCall', 'listCalls', 'createCall', 'rawGet', 'rawPut'] as const;
const CREATE_BODY: CreateCallRequest = { agentId: CALL_ID, skillId: CALL_ID, channel: 'call', customerOverride: { firstName: 'Ada' } };

// 2,000 exchanges each: about 12 s on two quiet cores, several times that on a busy machine; the limit only bounds a real hang.
describe('fuzzed responses', { timeout: 240_000 }, () => {
  let server: Awaited<ReturnType<typeof startRawServer>>;
  beforeAll(async () => {
    server = await startRawServer();
  });
  afterAll(() => server.close());

  it(`${RUNS} malformed answers: every failure typed, no credential, no hang`, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        answer,
        credentials,
        fc.constantFrom(...OPERATIONS),
        fc.boolean(),
        fc.constantFrom(undefined, 4_096, 65_536, 1_048_576),
        async (spec, creds, operation, validate, maxResponseBytes) => {
          server.answer(render(spec, creds));
          const mayStall = spec.encoding !== 'none' || spec.headers.some(([name]) => echo(name, creds).trim().toLowerCase() === 'content-encoding');
          const timeoutMs = mayStall ? ENCODED_TIMEOUT_MS : CALL_TIMEOUT_MS;
          const options: CallsClientOptions = {
            baseUrl: server.url,
            ...creds,
            maxRetries: 0,
            timeoutMs,
            maxResponseBytes,
            validateResponses: validate ? responseValidator : undefined,
          };
          let error: unknown;
          const extra: string[] = [];
          try {
            if (operation === 'rawGet' || operation === 'rawPut') {
              const raw = createRawClient(options);
              const result =
                operation === 'rawGet'
                  ? await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } })
                  : await raw.PUT('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } }, body: { note: 'n' } });
              // A raw error is returned, not thrown: what it carries must be as clean as a thrown one.
              if (!result.response.ok) {
                extra.push(renderings(result.error), result.response.statusText, JSON.stringify([...result.response.headers]));
                const leaked = credentialLeaks(extra.join('\n'), creds);
                if (leaked.length > 0) throw new Error(`the raw client's error result holds ${leaked.join(', ')}: ${extra.join('\n').slice(0, 600)}`);
              }
            } else {
              const client = createCallsClient(options);
              if (operation === 'getCall') await client.getCall(CALL_ID);
              if (operation === 'updateCall') await client.updateCall(CALL_ID, { note: 'n' });
              if (operation === 'listCalls') await client.listCalls({ status: 'completed' });
              if (operation === 'createCall') await client.createCall(CREATE_BODY);
            }
            outcomes.set('returned', (outcomes.get('returned') ?? 0) + 1);
            return;
          } catch (caught) {
            error = caught;
          }
          const name = error instanceof Error ? error.name : typeof error;
          outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
          const problem = judge(error, creds, extra, mayStall);
          if (problem !== undefined) throw new Error(problem);
        },
      ),
      { numRuns: RUNS },
    );
    // Wait a turn, so that a rejection nobody handled has been reported.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    // The answers reached every kind of outcome, so the property was not vacuous.
    for (const name of [
      'returned',
      'ConnectionError',
      'ResponseValidationError',
      'ResponseTooLargeError',
      'BadRequestError',
      'ServerError',
      'RateLimitError',
      'RedirectError',
      'ApiError',
    ]) {
      expect(outcomes.get(name) ?? 0, `${name} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);
    }
  });
});

// --------------------------------------------------------- malformed inputs

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORBIDDEN_HEADERS = [
  'authorization',
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
  'proxy-connection',
];

/** A name in random letter case. */
const anyCase = (name: string) =>
  fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

const inputText = fc.oneof(fc.string({ maxLength: 20 }), hostileText, fc.constantFrom('\uD800', 'a\uDFFFb', '日本', ''));
const id = fc.oneof(
  { weight: 8, arbitrary: fc.uuid() },
  { weight: 3, arbitrary: inputText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '.',
      '..',
      '%2e%2e',
      '../admin',
      `${CALL_ID}\n`,
      ` ${CALL_ID}`,
      `${CALL_ID}/x`,
      CALL_ID.toUpperCase(),
      `${CALL_ID}?a=1`,
      `${CALL_ID}#x`,
    ),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);
const field = fc.oneof(
  inputText,
  fc.constantFrom(undefined, null, 1, Number.NaN, Infinity, true, 10n, Symbol('s'), () => 1, new Date(0)),
  fc.anything({ maxDepth: 2 }),
);

/** Bodies a careless caller might pass, some with getters that swap or throw. */
const anyBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ status: fc.constantFrom('completed', 'ringing'), note: fc.oneof(fc.string(), hostileText) }, { requiredKeys: ['note'] }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      agentId: fc.uuid(),
      skillId: fc.uuid(),
      channel: fc.constantFrom('call', 'sms'),
      customerOverride: fc.record({ firstName: fc.string() }),
    }),
  },
  fc.record({ status: field, note: field, agentId: field }, { requiredKeys: [] }),
  fc.record({ agentId: field, skillId: field, channel: fc.oneof(fc.constantFrom('call', 'sms', 'fax'), field), customerOverride: field }, { requiredKeys: [] }),
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom('swap', 'throw', 'deep', 'class', 'toJSON', 'proxy', 'symbol').map((kind) => ({ hostileBody: kind })),
);

function materializeBody(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('hostileBody' in value)) return value;
  switch ((value as { hostileBody: string }).hostileBody) {
    case 'swap': {
      let reads = 0;
      return {
        get note() {
          reads += 1;
          return reads === 1 ? 'first' : { swapped: true };
        },
      };
    }
    case 'throw':
      return {
        get note(): string {
          throw new Error('getter');
        },
      };
    case 'deep': {
      let nested: unknown = 'x';
      for (let i = 0; i < 10_000; i += 1) nested = { a: nested };
      return { note: nested };
    }
    case 'class':
      return new (class Body {
        note = 'n';
      })();
    case 'toJSON':
      return Object.defineProperty({ note: 'n' }, 'toJSON', { value: () => 'evil', enumerable: false });
    case 'proxy':
      return new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('trap');
          },
        },
      );
    default:
      return { note: 'n', [Symbol('hidden')]: 'x' };
  }
}

const filters = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { status: fc.constantFrom('completed', 'ringing'), channel: fc.constantFrom('call', 'sms'), hrs: fc.nat({ max: 48 }) },
      { requiredKeys: [] },
    ),
  },
  fc.record(
    {
      status: fc.oneof(fc.constantFrom('completed', 'ringing', 'nope'), field),
      channel: fc.oneof(fc.constantFrom('call', 'sms', 'fax'), field),
      hrs: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), field),
      dateRange: fc.oneof(
        fc.record(
          {
            from: fc.oneof(fc.constantFrom('2025-03-31', '2023-02-29', '2025-13-01', '2025-3-1'), field),
            to: fc.oneof(fc.constantFrom('2025-04-01', '2020-01-01'), field),
          },
          { requiredKeys: [] },
        ),
        field,
      ),
      sanitised: fc.oneof(fc.constantFrom('true', 'false'), field),
    },
    { requiredKeys: [] },
  ),
  fc.anything({ maxDepth: 2 }),
);

const headerName = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...FORBIDDEN_HEADERS).chain(anyCase) },
  { weight: 8, arbitrary: fc.constantFrom('x-request-id', 'Prefer', 'x-custom', 'accept-language', 'user-agent') },
  { weight: 1, arbitrary: fc.constantFrom('', 'bad name', 'a:b', 'é', 'x\r\ny', 'proxy-') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const headerPairs = fc.array(fc.tuple(headerName, fc.oneof({ weight: 4, arbitrary: echoText }, inputText, fc.anything({ maxDepth: 0 }))), { maxLength: 3 });
const headerShape = fc.constantFrom('object', 'Headers', 'pairs', 'bad');

const callOptions = fc.record(
  {
    timeoutMs: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1_000, max: CALL_TIMEOUT_MS }) },
      fc.constantFrom(0, -1, 1.5, Number.NaN, Infinity, 2_147_483_648, Number.MAX_SAFE_INTEGER, '100'),
      fc.anything({ maxDepth: 0 }),
    ),
    signal: fc.constantFrom('none', 'none', 'live', 'live', 'aborted', 'bad'),
    headers: fc.tuple(headerPairs, headerShape),
  },
  { requiredKeys: [] },
);

const clientOverrides = fc.record(
  {
    timeoutMs: fc.oneof(
      fc.integer({ min: 1_000, max: CALL_TIMEOUT_MS }),
      fc.constantFrom(0, -5, 2.5, 2_147_483_648, Number.MAX_SAFE_INTEGER, Infinity, 'soon'),
    ),
    maxRetries: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(-1, 11, 0.5, '2')),
    maxResponseBytes: fc.oneof(fc.integer({ min: 1, max: 1 << 20 }), fc.constantFrom(0, -1, 1.5, Infinity)),
    userAgent: fc.oneof(inputText, fc.constantFrom('agent/1.0', 'a\r\nX-Injected: 1')),
    baseUrl: fc.constantFrom(
      'same',
      'same/',
      'same/prefix',
      'http://example.com',
      'http://anything.localhost',
      'ftp://x',
      'not a url',
      'https://u:p@example.com',
      'https://example.com/?q=1',
      'https://example.com/#h',
    ),
    allowInsecureHttp: fc.anything({ maxDepth: 0 }),
    fetch: fc.constantFrom('not a function', 42, null),
    validateResponses: fc.constantFrom('yes', 1),
    credentials: fc.constantFrom('both empty', 'username only', 'password only', 'colon in username', 'control in password'),
  },
  { requiredKeys: [] },
);

describe('fuzzed inputs', { timeout: 240_000 }, () => {
  /**
   * A server for one run, so that what a run counts was sent by that run: a
   * request of an earlier run that timed out can only reach that run's
   * server, closed by then.
   */
  async function startRunServer(): Promise<FaultServer> {
    const server = await startFaultServer();
    server.script((request, response) => {
      const list = request.url.split('?')[0]?.endsWith('/calls');
      response.writeHead(200, { 'content-type': 'application/json' }).end(list ? `[${CALL_JSON}]` : CALL_JSON);
    });
    return server;
  }

  it(`${RUNS} malformed inputs: every failure typed, nothing sent when refused`, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('getCall', 'updateCall', 'listCalls', 'createCall'),
        id,
        anyBody,
        filters,
        fc.option(callOptions, { freq: 4 }),
        fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, clientOverrides),
        credentials,
        async (operation, rawId, rawBody, rawFilters, rawOptions, overrides, creds) => {
          const server = await startRunServer();
          try {
            const callId = typeof rawId === 'string' ? echo(rawId, creds) : rawId;
            const body = materializeBody(rawBody);
            const hostile =
              typeof rawBody === 'object' &&
              rawBody !== null &&
              'hostileBody' in rawBody &&
              ['throw', 'proxy'].includes((rawBody as { hostileBody: string }).hostileBody);

            // What must be refused, judged here independently of the client's own checks.
            const mustRefuse: string[] = [];
            const options: CallsClientOptions = { baseUrl: server.url, ...creds, maxRetries: 0, timeoutMs: CALL_TIMEOUT_MS };
            if (overrides) {
              const { baseUrl, credentials: broken, ...rest } = overrides;
              Object.assign(options, rest);
              if (
                rest.timeoutMs !== undefined &&
                !(Number.isInteger(rest.timeoutMs) && (rest.timeoutMs as number) >= 1 && (rest.timeoutMs as number) <= 2_147_483_647)
              )
                mustRefuse.push('client timeoutMs');
              if (baseUrl !== undefined) {
                options.baseUrl = baseUrl.startsWith('same') ? server.url + baseUrl.slice(4) : baseUrl;
                if (!baseUrl.startsWith('same') && options.allowInsecureHttp !== true) mustRefuse.push('baseUrl');
                // With allowInsecureHttp, an http: URL to another host is allowed: keep it from being sent anywhere.
                if (!baseUrl.startsWith('same') && options.allowInsecureHttp === true) options.baseUrl = 'ftp://x';
              }
              if (broken === 'both empty') Object.assign(options, { username: '', password: '' });
              if (broken === 'username only') delete options.password;
              if (broken === 'password only') delete options.username;
              if (broken === 'colon in username') options.username = `a:${creds.username}`;
              if (broken === 'control in password') options.password = `${creds.password}\r\nX: 1`;
              if (broken !== undefined) mustRefuse.push(`credentials: ${broken}`);
              if (rest.fetch !== undefined) mustRefuse.push('fetch');
              if (rest.validateResponses !== undefined) mustRefuse.push('validateResponses');
            }

            const call: CallOptions = {};
            const controller = new AbortController();
            if (rawOptions) {
              const { timeoutMs, signal, headers } = rawOptions;
              if (timeoutMs !== undefined) {
                call.timeoutMs = timeoutMs as number;
                if (!(Number.isInteger(timeoutMs) && (timeoutMs as number) >= 1 && (timeoutMs as number) <= 2_147_483_647)) mustRefuse.push('timeoutMs');
              }
              if (signal === 'aborted') controller.abort(new Error('aborted before the call'));
              if (signal === 'aborted' || signal === 'live') call.signal = controller.signal;
              if (signal === 'bad') {
                call.signal = { aborted: false } as AbortSignal;
                mustRefuse.push('signal');
              }
              if (headers) {
                const [pairs, shape] = headers;
                const echoed = pairs.map(([name, value]) => [name, typeof value === 'string' ? echo(value, creds) : value] as [string, string]);
                if (echoed.some(([name]) => FORBIDDEN_HEADERS.includes(name.toLowerCase()) || /^proxy-/i.test(name))) mustRefuse.push('headers');
                let shaped: CallOptions['headers'];
                try {
                  shaped =
                    shape === 'object'
                      ? Object.fromEntries(echoed)
                      : shape === 'Headers'
                        ? new Headers(echoed)
                        : shape === 'pairs'
                          ? echoed
                          : (echoed as unknown as Headers);
                } catch {
                  // Headers refused a pair itself: pass the pairs instead.
                  shaped = echoed;
                }
                call.headers = shaped;
              }
            }
            if ((operation === 'getCall' || operation === 'updateCall') && !(typeof callId === 'string' && UUID.test(callId))) mustRefuse.push('id');

            const before = server.requests.length;
            let error: unknown;
            try {
              const client = createCallsClient(options);
              if (operation === 'getCall') await client.getCall(callId as string, call);
              if (operation === 'updateCall') await client.updateCall(callId as string, body as never, call);
              if (operation === 'listCalls') await client.listCalls(rawFilters as never, call);
              if (operation === 'createCall') await client.createCall(body as never, call);
              outcomes.set('returned', (outcomes.get('returned') ?? 0) + 1);
            } catch (caught) {
              error = caught;
            }
            // Server-side bookkeeping happens on the request's end; a sent request has been answered by now.
            const sent = server.requests.length - before;
            if (error === undefined) {
              if (mustRefuse.length > 0) throw new Error(`sent although ${mustRefuse.join(', ')} should have been refused`);
              return;
            }
            // The caller's own abort reason is the one documented exception.
            if (call.signal?.aborted && error === controller.signal.reason) {
              outcomes.set('abort reason', (outcomes.get('abort reason') ?? 0) + 1);
              return;
            }
            const name = error instanceof Error ? error.name : typeof error;
            outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
            const problem = judge(error, creds);
            if (problem !== undefined) throw new Error(problem);
            if (!(error instanceof RequestError) && sent !== 0) throw new Error(`${name} before sending, yet ${sent} request(s) reached the server`);
            if (mustRefuse.length > 0) {
              if (sent !== 0) throw new Error(`${sent} request(s) sent although ${mustRefuse.join(', ')} should have been refused`);
              if (!hostile && !(error instanceof InvalidArgumentError)) throw new Error(`${name}, not InvalidArgumentError, for ${mustRefuse.join(', ')}`);
            }
          } finally {
            await server.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    for (const name of ['returned', 'InvalidArgumentError', 'abort reason']) {
      expect(outcomes.get(name) ?? 0, `${name} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);
    }
  });
});
