// Property-based tests of the client with fast-check. Generated ids and bodies
// go to the real Prism mock; generated malformed answers come from a loopback
// server. Whatever is generated, each call must end in one of the outcomes the
// client promises, and in the one an independent oracle predicts.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  type Call,
  ConnectionError,
  createCallsClient,
  ElementeError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitError,
  RedirectError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  type UpdateCallRequest,
} from '../src/index.js';
import { MAX_ERROR_BODY_BYTES } from '../src/internal/defaults.js';
import { parseRetryAfter } from '../src/internal/retry.js';
import { createRawClient } from '../src/raw.js';
import { CALL_ID, loadBundle } from './helpers/contract.js';
import { type FaultHandler, type FaultServer, reply, startFaultServer } from './helpers/fault-server.js';

const bundle = loadBundle();
const CALL_STATUSES = (bundle.components.schemas.CallStatus as { enum: string[] }).enum;
const GET_EXAMPLE = bundle.components.examples.CallInProgress?.value;
const PUT_EXAMPLE = bundle.components.examples.CallUpdated?.value;
const CALL_JSON = JSON.stringify(GET_EXAMPLE);
/** The contract's bound on a note, if it has one: Prism refuses a longer note with 400. */
const NOTE_MAX_LENGTH = (bundle.components.schemas.UpdateCallRequest as { properties: Record<string, { maxLength?: number }> }).properties.note?.maxLength;

// The oracles below are written from the contract, not copied from src/.
// A call id as the client accepts it: the contract's 8-4-4-4-12 hex form, either case.
const CALL_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// `format: uuid` as Prism checks it (ajv-formats), which also allows a urn:uuid: prefix.
const PRISM_UUID_PATTERN = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const UPDATE_FIELDS = new Set(['agentId', 'status', 'note']);
// Statuses whose responses carry no body, as fetch sees them.
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

type Settled = { resolved: true; value: unknown } | { resolved: false; error: unknown };

/**
 * The outcome of `promise`, or a failure if it neither resolves nor rejects
 * within `ms`: a client that hangs must fail the property, not the test timeout.
 */
async function settle(promise: Promise<unknown>, ms: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the call neither resolved nor rejected within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Settled => ({ resolved: true, value }),
        (error: unknown): Settled => ({ resolved: false, error }),
      ),
      guard,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fails with the unexpected error itself (its stack included), so that fast-check reports it with the counterexample. */
function rethrowUnless(settled: Settled, ...classes: Array<abstract new (...args: never[]) => Error>): void {
  if (!settled.resolved && !classes.some((type) => settled.error instanceof type)) throw settled.error;
}

describe('generated ids and bodies against the Prism mock', { timeout: 240_000 }, () => {
  const prismUrl = inject('prismUrl');
  interface Sent {
    method: string;
    url: string;
    authorization: string | null;
    body: string;
  }
  const sent: Sent[] = [];
  const client = createCallsClient({
    baseUrl: prismUrl,
    username: 'prop',
    password: 'prop-secret',
    // The real fetch to the real Prism; the wrapper only records what left the process,
    // so that "refused before sending" can be checked.
    fetch: async (request) => {
      sent.push({ method: request.method, url: request.url, authorization: request.headers.get('authorization'), body: await request.clone().text() });
      return fetch(request);
    },
  });
  const AUTHORIZATION = `Basic ${Buffer.from('prop:prop-secret').toString('base64')}`;

  const uuidId = fc.oneof(
    fc.uuid(),
    fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] }).map((id) => id.toUpperCase()),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  );
  const hostileId = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'binary-ascii', maxLength: 40 }),
    fc.constantFrom('', '.', '..', '/', '%2e', '%2E%2e', '.%2e', '../..', 'a/b', '\r\n', 'x\r\nInjected: 1', '\u0000', '\ud800', 'a\udfffb', ' ', '?', '#'),
    // A valid UUID with something hostile before or after it.
    fc
      .tuple(fc.uuid(), fc.constantFrom('/', '..', '%2e', '%2F', '\r\n', '\n', ' ', '{', 'urn:uuid:', '\u0000', '?x=1', '#f', '\ud800'), fc.boolean())
      .map(([id, extra, before]) => (before ? `${extra}${id}` : `${id}${extra}`)),
    // A UUID with one dash swapped for a path character.
    fc.tuple(fc.uuid(), fc.constantFrom('/', '.', '%2e', '\\')).map(([id, swap]) => id.replace('-', swap)),
  );

  const statusValue = fc.oneof(
    fc.constantFrom(...CALL_STATUSES),
    fc.constantFrom(...CALL_STATUSES).map((status) => status.toUpperCase()),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  const agentIdValue = fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
    fc.uuid().map((id) => `urn:uuid:${id}`),
    fc.uuid().map((id) => `${id} `),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  const noteValue = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    // Long notes, in one-unit characters and in characters of two UTF-16 units.
    fc.integer({ min: 1_995, max: 2_005 }).map((length) => 'n'.repeat(length)),
    fc.tuple(fc.integer({ min: 995, max: 1005 }), fc.constantFrom('🔑', '𝄞')).map(([count, character]) => character.repeat(count)),
  );
  const updateShaped = fc.record({ agentId: agentIdValue, status: statusValue, note: noteValue }, { requiredKeys: [] });
  const randomBody = fc.oneof(
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.anything({ maxDepth: 2 }), { maxKeys: 5 }),
    // The allowed keys, and near misses, with values of any type.
    fc.dictionary(
      fc.constantFrom('agentId', 'status', 'note', 'Note', 'STATUS', 'agent_id', '__proto__', 'constructor', 'toString'),
      fc.anything({ maxDepth: 2 }),
      {
        maxKeys: 4,
      },
    ),
    fc.anything({
      maxDepth: 2,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBigInt: true,
      withObjectString: true,
    }),
  );

  /** What the client should do with `body`, worked out from the contract. */
  function expectedUpdate(id: string, body: unknown): 'refused' | 'bad-request' | 'resolved' {
    if (!CALL_ID_PATTERN.test(id)) return 'refused';
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'refused';
    // Only plain objects are JSON objects: a Date, a Map or a boxed string is refused.
    const prototype: unknown = Object.getPrototypeOf(body);
    if (prototype !== null && prototype !== Object.prototype) return 'refused';
    const entries = Object.entries(body);
    // Undefined fields are dropped, as JSON drops them, before the body is judged.
    const sent = entries.filter(([, value]) => value !== undefined);
    if (sent.length === 0 || !sent.every(([key, value]) => UPDATE_FIELDS.has(key) && typeof value === 'string')) return 'refused';
    const { agentId, status, note } = body as { agentId?: string; status?: string; note?: string };
    // Counted in code points, as JSON Schema's maxLength counts. The client leaves the length to the server.
    if (note !== undefined && NOTE_MAX_LENGTH !== undefined && [...note].length > NOTE_MAX_LENGTH) return 'bad-request';
    if (status !== undefined && !CALL_STATUSES.includes(status)) return 'bad-request';
    if (agentId !== undefined && !PRISM_UUID_PATTERN.test(agentId)) return 'bad-request';
    return 'resolved';
  }

  function outcomeOf(settled: Settled): 'resolved' | 'refused' | 'bad-request' {
    // Anything but these three fails the property with the error itself.
    rethrowUnless(settled, InvalidArgumentError, BadRequestError);
    if (settled.resolved) return 'resolved';
    return settled.error instanceof InvalidArgumentError ? 'refused' : 'bad-request';
  }

  const seen = { getCall: { resolved: 0, refused: 0, 'bad-request': 0 }, updateCall: { resolved: 0, refused: 0, 'bad-request': 0 } };

  it('getCall: 600 generated ids are each answered 200 or refused before sending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(uuidId, hostileId), async (id) => {
        sent.length = 0;
        const settled = await settle(client.getCall(id), 60_000);
        const outcome = outcomeOf(settled);
        seen.getCall[outcome] += 1;
        expect(outcome).toBe(CALL_ID_PATTERN.test(id) ? 'resolved' : 'refused');
        if (outcome === 'refused') {
          expect(sent).toHaveLength(0);
          expect((settled as { error: InvalidArgumentError }).error.argument).toBe('id');
        } else {
          expect(sent).toHaveLength(1);
          expect(sent[0]).toMatchObject({ method: 'GET', url: `${prismUrl}/api/v1/calls/${id}`, authorization: AUTHORIZATION });
          expect((settled as { value: Call }).value).toEqual(GET_EXAMPLE);
        }
      }),
      { numRuns: 600 },
    );
    // The generators reach both outcomes; a property that only ever refused would prove little.
    expect(seen.getCall.resolved).toBeGreaterThan(100);
    expect(seen.getCall.refused).toBeGreaterThan(100);
  });

  it('updateCall: 1,000 generated ids and bodies end as 200, refused before sending, or 400 from Prism', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: uuidId, weight: 4 }, { arbitrary: hostileId, weight: 1 }),
        fc.oneof({ arbitrary: updateShaped, weight: 3 }, { arbitrary: randomBody, weight: 1 }),
        async (id, body) => {
          sent.length = 0;
          // Deliberately past the types: the property is about what the client does with anything.
          const settled = await settle(client.updateCall(id, body as UpdateCallRequest), 60_000);
          const outcome = outcomeOf(settled);
          seen.updateCall[outcome] += 1;
          expect(outcome).toBe(expectedUpdate(id, body));
          if (outcome === 'refused') {
            expect(sent).toHaveLength(0);
            return;
          }
          expect(sent).toHaveLength(1);
          expect(sent[0]).toMatchObject({ method: 'PUT', url: `${prismUrl}/api/v1/calls/${id}`, authorization: AUTHORIZATION });
          expect(JSON.parse(sent[0]?.body ?? '')).toEqual(JSON.parse(JSON.stringify(body)));
          if (outcome === 'resolved') {
            expect((settled as { value: Call }).value).toEqual(PUT_EXAMPLE);
          } else {
            const error = (settled as { error: BadRequestError }).error;
            expect(error).toMatchObject({ status: 400, operation: 'updateCall', method: 'PUT' });
            expect(error.messages.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1_000 },
    );
    expect(seen.updateCall.resolved).toBeGreaterThan(50);
    expect(seen.updateCall.refused).toBeGreaterThan(50);
    expect(seen.updateCall['bad-request']).toBeGreaterThan(50);
  });
});

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
    // is cut short), so they can only end by the timeout. The two tests after this one check
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

  function expectExactOutcome(s: Scenario, settled: Settled): void {
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
    const sentRetryAfter = s.headers['retry-after'];
    const expectedRetryAfter = sentRetryAfter === undefined ? undefined : parseRetryAfter(sentRetryAfter.trim());
    if (expectedRetryAfter === undefined || /^\s*\d+\s*$/.test(sentRetryAfter ?? '')) expect(error.retryAfterMs).toBe(expectedRetryAfter);
    // A date is counted from a slightly different `now`; its type and sign still match.
    else expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
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
        const settled = await settle(calls.getCall(CALL_ID, { headers: { 'x-scenario': tag } }), 60_000);
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
        if (isHonest(s)) expectExactOutcome(s, settled);
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

  // Was a bug, found by this test: a body ended by closing the connection, with a
  // Content-Encoding it is not in, makes Node's fetch (undici 6) never settle the
  // body, even after abort. The transport's timeout only aborts, so getCall hangs
  // forever instead of failing with a TimeoutError or ConnectionError.
  it('gives up on a body in a broken encoding within timeoutMs', async () => {
    server.script((_request, _response, socket) => {
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\nconnection: close\r\n\r\nnot gzip at all');
    });
    const settled = await settle(createCallsClient({ baseUrl: server.url, maxRetries: 0, timeoutMs: 200 }).getCall(CALL_ID), 60_000);
    expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(ElementeError);
  });

  // Was a bug, found by this test, the same hang: fetch sends a request again after a 421,
  // and if that second answer is cut short, its body never settles either.
  it('gives up on a 421 whose answer is cut short within timeoutMs', async () => {
    server.script((_request, _response, socket) => {
      socket.end('HTTP/1.1 421 Misdirected Request\r\ncontent-length: 10\r\nconnection: close\r\n\r\n{}');
    });
    const settled = await settle(createCallsClient({ baseUrl: server.url, maxRetries: 0, timeoutMs: 200 }).getCall(CALL_ID), 60_000);
    expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(ElementeError);
  });

  // Was a bug, found by this test: Node's fetch rejects a 407 with a TypeError whose
  // cause has an empty message, and the ConnectionError repeats that empty reason.
  it('says why when a 407 becomes a connection error', async () => {
    server.script(reply.json(407, {}));
    const settled = await settle(client().getCall(CALL_ID), 60_000);
    expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(ConnectionError);
    expect((settled as { error: Error }).error.message).not.toMatch(/failed: $/);
  });

  // Was a bug, found by this test: assertHeaderValue lets through a value that
  // fetch's Headers cannot carry (a character above U+00FF), so the call rejects
  // with fetch's TypeError instead of an InvalidArgumentError before sending.
  it('refuses a header value fetch cannot send before sending, with InvalidArgumentError', async () => {
    server.script(reply.json(200, GET_EXAMPLE));
    const settled = await settle(client().getCall(CALL_ID, { headers: { 'x-note': 'price in €' } }), 60_000);
    expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(InvalidArgumentError);
  });

  // Was a bug, found by this test: the redactor runs on the parsed error body, where it
  // only looks at strings; a JSON number is then turned back into text by toErrorBody. An
  // all-digit password echoed as a number ends up in the error's message and body.
  it('keeps an all-digit password out of the error when the server echoes it as a JSON number', async () => {
    server.script(reply.json(400, { echo: 31415926 }));
    const pin = createCallsClient({ baseUrl: server.url, username: 'pin', password: '31415926', maxRetries: 0 });
    const settled = await settle(pin.getCall(CALL_ID), 60_000);
    expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(BadRequestError);
    const error = (settled as { error: BadRequestError }).error;
    expect(`${error.message}\n${JSON.stringify(error)}`).not.toContain('31415926');
  });

  it('still times out a server that never answers', async () => {
    server.script(reply.never());
    const settled = await settle(createCallsClient({ baseUrl: server.url, maxRetries: 0, timeoutMs: 200 }).getCall(CALL_ID), 60_000);
    expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(TimeoutError);
  });
});

describe('generated path parameters through raw', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  it('400 generated ids are each refused, or sent as exactly one path segment that decodes back to the id', async () => {
    const raw = createRawClient({ baseUrl: server.url, username: 'fault', password: 'fault-secret', maxRetries: 0 });
    server.script(reply.json(200, GET_EXAMPLE));
    const id = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      // 'binary' never yields a lone surrogate; see the it.fails below for that case.
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('', '.', '..', '...', '/', '%2e', '%2e%2e', '.%2e', '%2F', 'a/../b', '?x=1', '#top', '\r\n', '\\', '%', '%zz', ' '),
      fc.array(fc.constantFrom('.', '/', '%', '2', 'e', 'E', '?', '#', '\\', ' '), { maxLength: 8 }).map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(id, async (value) => {
        server.requests.length = 0;
        const settled = await settle(raw.GET('/api/v1/calls/{id}', { params: { path: { id: value } } }), 60_000);
        rethrowUnless(settled, InvalidArgumentError);
        // Refused exactly when the segment would be empty or a dot segment, or would carry a control character (HTAB excepted).
        const refuse = value === '' || value === '.' || value === '..' || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
        expect(settled.resolved).toBe(!refuse);
        if (refuse) {
          expect(server.requests).toHaveLength(0);
          return;
        }
        expect(server.requests).toHaveLength(1);
        const url = server.requests[0]?.url ?? '';
        const match = /^\/api\/v1\/calls\/([^/?#]*)$/.exec(url);
        expect(match, url).not.toBeNull();
        expect(decodeURIComponent(match?.[1] ?? '')).toBe(value);
      }),
      { numRuns: 400 },
    );
  });

  // Was a bug, found by this test: encodeURIComponent throws URIError on a lone
  // surrogate, and serializePath lets it out instead of an InvalidArgumentError.
  it('refuses a lone surrogate in a path parameter with InvalidArgumentError', async () => {
    const raw = createRawClient({ baseUrl: server.url, maxRetries: 0 });
    const settled = await settle(raw.GET('/api/v1/calls/{id}', { params: { path: { id: 'a\ud800b' } } }), 60_000);
    expect(settled.resolved ? settled.value : settled.error).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('generated listCalls filters', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  const CHANNELS = (bundle.components.schemas.CallChannel as { enum: string[] }).enum;
  const day = fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
  const validFilters = fc.record(
    {
      status: fc.constantFrom(...CALL_STATUSES),
      channel: fc.constantFrom(...CHANNELS),
      hrs: fc.oneof(fc.nat({ max: 10_000 }), fc.double({ min: 0, max: 10_000, noNaN: true, noDefaultInfinity: true })),
      dateRange: fc.tuple(day, day, fc.constantFrom('both', 'from', 'to')).map(([a, b, which]) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        return which === 'both' ? { from, to } : which === 'from' ? { from } : { to };
      }),
      sanitised: fc.string({ unit: 'grapheme', maxLength: 12 }).filter((text) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(text)),
    },
    { requiredKeys: [] },
  );
  const invalidFilters = fc.oneof(
    fc.record({ status: fc.string({ maxLength: 12 }).filter((text) => !CALL_STATUSES.includes(text)) }),
    fc.record({ channel: fc.string({ maxLength: 12 }).filter((text) => !CHANNELS.includes(text)) }),
    fc.record({ hrs: fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.constant(Number.NaN), fc.string()) }),
    fc.record({ dateRange: fc.record({ from: fc.string({ maxLength: 12 }).filter((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text)) }) }),
    fc
      .tuple(day, day)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ dateRange: a < b ? { from: b, to: a } : { from: a, to: b } })),
    fc.dictionary(
      fc.string({ maxLength: 8 }).filter((key) => !['status', 'channel', 'hrs', 'dateRange', 'sanitised', '__proto__'].includes(key)),
      fc.string(),
      { minKeys: 1, maxKeys: 2 },
    ),
    fc
      .anything({ maxDepth: 1 })
      .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
      .filter((value) => value !== undefined),
  );

  /** The query string the chosen serialization gives, written from the contract, not from src/. */
  function expectedQuery(filters: Record<string, unknown>): string {
    const pairs: string[] = [];
    for (const name of ['status', 'channel', 'hrs']) if (filters[name] !== undefined) pairs.push(`${name}=${encodeURIComponent(String(filters[name]))}`);
    const range = filters.dateRange as { from?: string; to?: string } | undefined;
    if (range?.from !== undefined) pairs.push(`dateRange[from]=${range.from}`);
    if (range?.to !== undefined) pairs.push(`dateRange[to]=${range.to}`);
    if (filters.sanitised !== undefined) pairs.push(`sanitised=${encodeURIComponent(String(filters.sanitised))}`);
    return pairs.length > 0 ? `?${pairs.join('&')}` : '';
  }

  it('500 valid filters each reach the server once, in the deepObject form; 500 invalid ones never do', async () => {
    const calls = createCallsClient({ baseUrl: server.url, username: 'filters', password: 'filters-secret', maxRetries: 0 });
    server.script(reply.json(200, [GET_EXAMPLE]));
    await fc.assert(
      fc.asyncProperty(validFilters, async (filters) => {
        server.requests.length = 0;
        await expect(calls.listCalls(filters as never)).resolves.toEqual([GET_EXAMPLE]);
        // As the URL parser of fetch writes it on the wire (it percent-encodes a ' in a query, say).
        const wire = new URL(`http://host/api/v1/calls${expectedQuery(filters)}`);
        expect(server.requests.map((request) => request.url)).toEqual([wire.pathname + wire.search]);
      }),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(invalidFilters, async (filters) => {
        server.requests.length = 0;
        const settled = await settle(calls.listCalls(filters as never), 60_000);
        rethrowUnless(settled, InvalidArgumentError);
        expect(settled.resolved).toBe(false);
        expect(server.requests).toHaveLength(0);
      }),
      { numRuns: 500 },
    );
  });
});
