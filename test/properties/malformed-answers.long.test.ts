// Generated malformed answers from a loopback server (statuses, heads,
// framings, encodings, bodies): each call ends in an ElementeError, or in a
// call when a 2xx brings JSON, and where the answer is honest, in exactly the
// outcome an oracle written from the contract and RFC 9110 (not from src/)
// predicts.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createCallsClient,
  ElementeError,
  NotFoundError,
  RateLimitError,
  RedirectError,
  ResponseValidationError,
  ServerError,
} from '../../src/index.js';
import { MAX_ERROR_BODY_BYTES } from '../../src/internal/defaults.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';
import { type FaultHandler, type FaultServer, startFaultServer } from '../helpers/fault-server.js';
import { rethrowUnless, type Settled, settle } from '../helpers/settle.js';

const CALL_JSON = JSON.stringify(loadBundle().components.examples.CallInProgress?.value);
// Statuses whose responses carry no body, as fetch sees them.
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_NAME = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY_NAME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = `(${MONTHS.join('|')})`;
const TIME_OF_DAY = '(\\d{2}):(\\d{2}):(\\d{2})';
// RFC 9110 section 5.6.7: the preferred form, and the two obsolete ones a recipient must accept.
const IMF_FIXDATE = new RegExp(`^${DAY_NAME}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME_OF_DAY} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY_NAME}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME_OF_DAY} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY_NAME} ${MONTH} ([ \\d]\\d) ${TIME_OF_DAY} (\\d{4})$`);

/** The instant a date names, in UTC, or undefined for a day or a time that does not exist. */
function instantOf(year: number, month: string, day: number, time: string[]): number | undefined {
  const [hour, minute, second] = time.map(Number) as [number, number, number];
  const at = new Date(Date.UTC(year, MONTHS.indexOf(month), day, hour, minute, second));
  const exists =
    at.getUTCFullYear() === year && at.getUTCDate() === day && at.getUTCHours() === hour && at.getUTCMinutes() === minute && at.getUTCSeconds() === second;
  return exists ? at.getTime() : undefined;
}

/**
 * What a Retry-After value asks for, per RFC 9110 section 10.2.3, written here
 * rather than taken from src/: delay-seconds (one or more digits) as
 * milliseconds, or an HTTP-date as the instant it names; anything else asks
 * for nothing. A field value reaches the client without the spaces and tabs
 * around it (section 5.5).
 */
function retryAfterOf(value: string | undefined): { ms: number } | { at: number } | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (/^\d+$/.test(text)) return { ms: Number(text) * 1000 };
  let at: number | undefined;
  let match = IMF_FIXDATE.exec(text);
  if (match) at = instantOf(Number(match[3]), match[2]!, Number(match[1]), match.slice(4));
  match = RFC850_DATE.exec(text);
  if (match) {
    // A two-digit year more than 50 years ahead is the most recent past year with those digits (section 5.6.7).
    const now = new Date().getUTCFullYear();
    let year = Math.floor(now / 100) * 100 + Number(match[3]);
    if (year > now + 50) year -= 100;
    at = instantOf(year, match[2]!, Number(match[1]), match.slice(4));
  }
  match = ASCTIME_DATE.exec(text);
  if (match) at = instantOf(Number(match[7]), match[1]!, Number(match[2]), match.slice(3, 6));
  return at === undefined ? undefined : { at };
}
describe('generated answers from a misbehaving server', { timeout: 240_000 }, () => {
  let server: FaultServer;
  const unhandled: unknown[] = [];
  const onUnhandledRejection = (reason: unknown) => {
    unhandled.push(reason);
  };
  beforeAll(async () => {
    server = await startFaultServer();
    process.on('unhandledRejection', onUnhandledRejection);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandledRejection);
    await server.close();
  });

  // maxRetries 0: a 429 or 503 is answered at once, whatever its Retry-After says. The
  // default timeout: no scenario here stalls, so none may time out, however busy the machine.
  const client = () => createCallsClient({ baseUrl: server.url, username: 'fault', password: 'fault-secret', maxRetries: 0 });
  const TOKEN = Buffer.from('fault:fault-secret').toString('base64');

  type Framing =
    | 'node' // node:http writes the answer: honest framing
    | 'length' // raw bytes with a true Content-Length
    | 'chunked' // raw bytes, chunked
    | 'close' // raw bytes ended by closing the connection
    | 'long-length' // a Content-Length larger than the body, then the connection closes
    | 'short-length' // a Content-Length shorter than the body
    | 'bad-chunk' // a chunk size that lies, or is not hexadecimal
    | 'garbage-head'; // no valid status line or headers at all
  type Encoding = 'none' | 'gzip' | 'fake-gzip' | 'fake-deflate' | 'fake-br' | 'unknown';

  interface Scenario {
    status: number;
    reason: string;
    headers: Record<string, string>;
    body: Buffer;
    encoding: Encoding;
    framing: Framing;
    /** How far a lying Content-Length is off, or which bad chunk is sent. */
    skew: number;
    garbage: Buffer;
  }

  const ENCODING_HEADERS: Record<Exclude<Encoding, 'none'>, string> = {
    gzip: 'gzip',
    'fake-gzip': 'gzip',
    'fake-deflate': 'deflate',
    'fake-br': 'br',
    unknown: 'x-unknown-coding',
  };

  // Printable ASCII plus Latin-1 obs-text: everything node:http lets through in a header value.
  const headerText = fc.string({
    unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((code) => String.fromCharCode(code)),
    maxLength: 40,
  });
  const token = fc.stringMatching(/^[A-Za-z0-9-]{1,32}$/);
  const status = fc.oneof(
    fc.integer({ min: 200, max: 599 }),
    fc.constantFrom(200, 201, 204, 205, 206, 299, 301, 302, 304, 400, 401, 403, 404, 407, 408, 418, 421, 422, 429, 500, 502, 503, 504, 599),
  );
  const retryAfter = fc.oneof(
    fc.nat({ max: 100_000 }).map(String),
    fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toUTCString()),
    fc.constantFrom('', '-1', '1.5', '1e3', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', '99999999999999999999'),
    headerText,
  );
  const headers = fc
    .record(
      {
        'content-type': fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'application/problem+json',
            'text/html',
            'text/plain; charset=iso-8859-1',
            'application/octet-stream',
            'application/json; charset=utf-16',
          ),
          headerText,
        ),
        'retry-after': retryAfter,
        'x-request-id': token,
        'www-authenticate': fc.constantFrom('Basic realm="calls"', 'Bearer', ''),
      },
      { requiredKeys: [] },
    )
    .chain((known) => fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), headerText, { maxKeys: 3 }).map((extra) => ({ ...extra, ...known })));

  const jsonText = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value));
  const bodyText = fc.oneof(
    { arbitrary: fc.constant(''), weight: 2 },
    { arbitrary: fc.constant(CALL_JSON), weight: 3 },
    // Valid JSON of the wrong shape.
    { arbitrary: jsonText, weight: 4 },
    // Truncated JSON.
    {
      arbitrary: fc.tuple(fc.oneof(jsonText, fc.constant(CALL_JSON)), fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))),
      weight: 3,
    },
    // HTML error pages.
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }).map((text) => `<!DOCTYPE html><html><body><h1>${text}</h1></body></html>`), weight: 2 },
    // The contract's ErrorResponse, and near misses.
    {
      arbitrary: fc
        .record(
          {
            statusCode: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.string()),
            message: fc.oneof(
              fc.string({ unit: 'grapheme', maxLength: 40 }),
              fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }),
              fc.anything({ maxDepth: 1 }),
            ),
            error: fc.string(),
          },
          { requiredKeys: ['statusCode'] },
        )
        .map((value) => JSON.stringify(value)),
      weight: 3,
    },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
    { arbitrary: fc.constantFrom(' ', '\r\n', '\t \n', 'null', '0', '"text"', '[]', '{}', '\uFEFF{}', `\uFEFF${CALL_JSON}`), weight: 2 },
    // Huge strings: a JSON string of up to 2 MB, or as much plain text.
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 100_000, max: 2_000_000 }), fc.boolean())
        .map(([length, quoted]) => (quoted ? `"${'x'.repeat(length)}"` : 'x'.repeat(length))),
      weight: 1,
    },
  );
  const body = fc.oneof(
    { arbitrary: bodyText.map((text) => Buffer.from(text, 'utf8')), weight: 9 },
    // Bytes that are not UTF-8 at all, bare or inside a JSON string.
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
    {
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 8 })
        .map((bytes) => Buffer.concat([Buffer.from('"'), Buffer.from(bytes.map((byte) => byte | 0x80)), Buffer.from('"')])),
      weight: 1,
    },
  );
  const garbageHead = fc.oneof(
    fc.constantFrom(
      'HTTP/1.1 2000 OK\r\n\r\n',
      'HTTP/1.1 99 Too Low\r\n\r\n',
      'HTTP/1.1 600 Too High\r\n\r\n{}',
      'HTTP/1.1 abc OK\r\n\r\n',
      'HTTP/9.9 200 OK\r\n\r\n{}',
      'NOT HTTP AT ALL\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno-colon-here\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\nx-bad: a\u0000b\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\nx-space : y\r\n\r\n{}',
      'HTTP/1.1 200 O\u0001K\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\n',
      '',
    ),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );
  const framing = fc.constantFrom<Framing>('node', 'node', 'node', 'length', 'chunked', 'close', 'long-length', 'short-length', 'bad-chunk', 'garbage-head');
  const encoding = fc.oneof(
    { arbitrary: fc.constant<Encoding>('none'), weight: 12 },
    { arbitrary: fc.constantFrom<Encoding>('gzip', 'fake-gzip', 'fake-deflate', 'fake-br', 'unknown'), weight: 3 },
  );

  const scenario = fc
    .record({
      status,
      reason: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 20 }),
      headers,
      body,
      encoding,
      framing,
      skew: fc.nat({ max: 50 }),
      garbage: garbageHead.map((text) => Buffer.from(text, 'latin1')),
    })
    // Left out here: Node's fetch (undici 6) never settles these bodies, even when aborted (a
    // body that is not in the encoding it claims unless its length is told, a 421 whose answer
    // is cut short), so they can only end by the timeout. test/client/timeouts.test.ts checks
    // exactly that; here they would only make each run wait out timeoutMs.
    .filter((s) => !(s.encoding.startsWith('fake-') && ['close', 'long-length', 'short-length', 'bad-chunk'].includes(s.framing)))
    .filter((s) => !(s.status === 421 && (s.framing === 'long-length' || s.framing === 'bad-chunk')));

  /** The bytes the server writes: the body, compressed when the scenario says so. */
  function payloadOf(s: Scenario): Buffer {
    return s.encoding === 'gzip' ? gzipSync(s.body) : s.body;
  }

  function headersOf(s: Scenario): Record<string, string> {
    // connection: close, so that no answer can leave bytes behind for the next one.
    return { ...s.headers, ...(s.encoding === 'none' ? {} : { 'content-encoding': ENCODING_HEADERS[s.encoding] }), connection: 'close' };
  }

  function rawAnswer(s: Scenario): Buffer {
    if (s.framing === 'garbage-head') return s.garbage;
    // A status without a body gets none, so that leftover bytes cannot be read as a second answer.
    const content = NULL_BODY_STATUSES.has(s.status) ? Buffer.alloc(0) : payloadOf(s);
    const lines = [`HTTP/1.1 ${s.status} ${s.reason}`, ...Object.entries(headersOf(s)).map(([name, value]) => `${name}: ${value}`)];
    let framed = content;
    switch (s.framing) {
      case 'length':
        lines.push(`content-length: ${content.length}`);
        break;
      case 'long-length':
        lines.push(`content-length: ${content.length + 1 + s.skew}`);
        break;
      case 'short-length':
        lines.push(`content-length: ${Math.max(0, content.length - 1 - s.skew)}`);
        break;
      case 'chunked':
        lines.push('transfer-encoding: chunked');
        framed = Buffer.concat([
          content.length > 0 ? Buffer.concat([Buffer.from(`${content.length.toString(16)}\r\n`), content, Buffer.from('\r\n')]) : Buffer.alloc(0),
          Buffer.from('0\r\n\r\n'),
        ]);
        break;
      case 'bad-chunk':
        lines.push('transfer-encoding: chunked');
        framed = Buffer.concat([Buffer.from(s.skew % 2 === 0 ? `${(content.length + 1 + s.skew).toString(16)}\r\n` : 'zz\r\n'), content]);
        break;
      default:
        break;
    }
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), framed]);
  }

  function handlerFor(s: Scenario): FaultHandler {
    if (s.framing === 'node') {
      return (_request, response) => {
        response.writeHead(s.status, s.reason, headersOf(s)).end(payloadOf(s));
      };
    }
    return (_request, _response, socket) => {
      socket.end(rawAnswer(s));
    };
  }

  /** True when the answer is well framed and its body readable, so that the exact outcome can be predicted. */
  function isHonest(s: Scenario): boolean {
    if (s.encoding !== 'none' && s.encoding !== 'gzip' && s.encoding !== 'unknown') return false;
    if (s.framing === 'node' || s.framing === 'length' || s.framing === 'chunked' || s.framing === 'close') return true;
    // A Content-Length that cuts an uncompressed body short: what arrives is the first bytes.
    return s.framing === 'short-length' && s.encoding !== 'gzip';
  }

  /** The text the client reads: UTF-8 decoded as fetch does (BOM dropped, bad bytes replaced). */
  function textOf(s: Scenario): string {
    if (NULL_BODY_STATUSES.has(s.status)) return '';
    const bytes = s.framing === 'short-length' ? s.body.subarray(0, Math.max(0, s.body.length - 1 - s.skew)) : s.body;
    return new TextDecoder().decode(bytes);
  }

  function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }

  /** The error class the documentation gives for a status outside 2xx. */
  function errorClassFor(status: number): new (...args: never[]) => ApiError {
    if (status < 400) return RedirectError;
    if (status === 400 || status === 422) return BadRequestError;
    if (status === 401) return AuthenticationError;
    if (status === 404) return NotFoundError;
    if (status === 429) return RateLimitError;
    if (status >= 500) return ServerError;
    return ApiError;
  }

  function looksLikeErrorResponse(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const { statusCode, message } = value as { statusCode?: unknown; message?: unknown };
    return typeof statusCode === 'number' && (typeof message === 'string' || (Array.isArray(message) && message.every((item) => typeof item === 'string')));
  }

  /** `called` is when the call started and when it settled, read off the clock around it. */
  function expectExactOutcome(s: Scenario, settled: Settled, called: { start: number; end: number }): void {
    const text = textOf(s);
    if (s.status === 407) {
      // Node's fetch turns every 407 into a network error (the fetch standard's proxy-authentication step).
      expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(ConnectionError);
      return;
    }
    if (s.status < 300) {
      const parsed = parseJson(text);
      if (parsed.ok) {
        expect(settled).toEqual({ resolved: true, value: parsed.value });
      } else {
        expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(ResponseValidationError);
        expect(settled).toMatchObject({ error: { status: s.status, issues: [{ path: '' }] } });
      }
      return;
    }
    expect(settled.resolved).toBe(false);
    const error = (settled as { error: ApiError }).error;
    expect(error.constructor).toBe(errorClassFor(s.status));
    expect(error).toMatchObject({ status: s.status, operation: 'getCall', method: 'GET', path: `/api/v1/calls/${CALL_ID}` });
    expect(error.message).toContain(`failed with ${s.status}`);
    expect(error.requestId).toBe(s.headers['x-request-id']);
    const asked = retryAfterOf(s.headers['retry-after']);
    if (asked === undefined) expect(error.retryAfterMs).toBeUndefined();
    else if ('ms' in asked) expect(error.retryAfterMs).toBe(asked.ms);
    else {
      // A date is counted from the moment the answer was read, somewhere between the call's start and its end; a past date is 0.
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(Math.max(0, asked.at - called.end));
      expect(error.retryAfterMs).toBeLessThanOrEqual(Math.max(0, asked.at - called.start));
    }
    if (error instanceof RedirectError) {
      // A redirect's body is not read.
      expect(error.body).toBeUndefined();
      return;
    }
    const bytes = NULL_BODY_STATUSES.has(s.status)
      ? Buffer.alloc(0)
      : s.framing === 'short-length'
        ? s.body.subarray(0, Math.max(0, s.body.length - 1 - s.skew))
        : s.body;
    if (bytes.length > MAX_ERROR_BODY_BYTES) {
      // Cut where the client stops reading, and marked.
      expect(error.body).toBe(`${new TextDecoder().decode(bytes.subarray(0, MAX_ERROR_BODY_BYTES))} [cut at ${MAX_ERROR_BODY_BYTES} bytes]`);
      return;
    }
    const parsed = parseJson(text);
    if (parsed.ok && looksLikeErrorResponse(parsed.value)) {
      const { statusCode, message, error: reason } = parsed.value as { statusCode: number; message: unknown; error?: unknown };
      // Only the contract's three fields are kept.
      expect(error.body).toEqual(typeof reason === 'string' ? { statusCode, message, error: reason } : { statusCode, message });
    } else {
      expect(error.body).toBe(text === '' ? undefined : text);
    }
  }

  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let scenarioCount = 0;

  it('1,200 malformed answers each end in an ElementeError, or a call when a 2xx brings JSON', async () => {
    const calls = client();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        server.script(handlerFor(s));
        // Each call is tagged, and only the requests with its tag are its own: on a busy machine a request
        // of an earlier scenario's fetch can reach the server after the next scenario has started.
        scenarioCount += 1;
        const tag = String(scenarioCount);
        const start = Date.now();
        const settled = await settle(calls.getCall(CALL_ID, { headers: { 'x-scenario': tag } }), 60_000);
        const end = Date.now();
        const sent = server.requests.filter((request) => request.headers['x-scenario'] === tag);
        // Never anything but an ElementeError: any other error fails the property as itself.
        rethrowUnless(settled, ElementeError);
        count(settled.resolved ? 'resolved' : (settled.error as Error).constructor.name);
        // One attempt, as maxRetries is 0; but the fetch standard itself sends a request once more
        // on a new connection after a 421 Misdirected Request, and Node's fetch does (unless the
        // first answer's body already failed).
        if (s.status === 421 && s.framing !== 'garbage-head') expect([1, 2]).toContain(sent.length);
        else expect(sent).toHaveLength(1);
        if (settled.resolved) {
          expect(s.framing).not.toBe('garbage-head');
          expect(s.status).toBeGreaterThanOrEqual(200);
          expect(s.status).toBeLessThan(300);
          // A JSON value: serializing it again gives a JSON text (compared as text, since -0 becomes 0).
          expect(() => JSON.parse(JSON.stringify(settled.value))).not.toThrow();
        } else {
          const error = settled.error as ElementeError;
          for (const text of [error.message, JSON.stringify(error)]) {
            expect(text).not.toContain('fault-secret');
            expect(text).not.toContain(TOKEN);
          }
        }
        if (isHonest(s)) expectExactOutcome(s, settled, { start, end });
        else if (
          s.framing === 'garbage-head' ||
          (s.framing === 'long-length' &&
            !NULL_BODY_STATUSES.has(s.status) &&
            !(s.status >= 300 && payloadOf(s).length > MAX_ERROR_BODY_BYTES) &&
            !(s.status >= 300 && s.status < 400))
        ) {
          // No answer, or one cut short: the connection failed.
          expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(ConnectionError);
        }
      }),
      { numRuns: 1_200 },
    );
    // Let any stray rejection surface before looking: Node reports one once the microtask queue has drained.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    // The generators reach every kind of outcome.
    for (const kind of [
      'resolved',
      'ResponseValidationError',
      'ConnectionError',
      'ApiError',
      'RedirectError',
      'BadRequestError',
      'NotFoundError',
      'RateLimitError',
      'ServerError',
    ]) {
      expect(counts.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
    expect(counts.has('TimeoutError')).toBe(false);
  });
});
