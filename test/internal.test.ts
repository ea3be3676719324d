// Unit tests of the client's internals (src/internal/): the checks on input,
// the Basic header, Retry-After and backoff, and redaction. No server, no
// clock, no randomness except where a test injects it.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/errors.js';
import {
  assertCallId,
  assertText,
  checkCreateBody,
  checkHeader,
  checkHeaders,
  checkUpdateBody,
  copyJson,
  encodeListFilters,
  isLoopbackHost,
} from '../src/internal/checks.js';
import { encodeBasicAuth } from '../src/internal/config.js';
import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, MIN_REDACTED_LENGTH, RETRY_JITTER } from '../src/internal/defaults.js';
import { createCleaner, createRedactor, escapeForLog, REDACTED, sanitizeCause } from '../src/internal/redact.js';
import { computeBackoff, parseRetryAfter } from '../src/internal/retry.js';
import { thrown } from './helpers/outcomes.js';

/** What `action` threw, checked to be an InvalidArgumentError naming `argument`. */
function refused(action: () => unknown, argument: string): InvalidArgumentError {
  const error = thrown(action);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).argument).toBe(argument);
  return error as InvalidArgumentError;
}

/** The `user:password` bytes a Basic header carries, as a Buffer. */
function basicBytes(header: string): Buffer {
  expect(header.startsWith('Basic ')).toBe(true);
  return Buffer.from(header.slice('Basic '.length), 'base64');
}

describe('encodeBasicAuth', () => {
  it('gives the exact header of the RFC 7617 example for ASCII credentials', () => {
    // RFC 7617 section 2: Aladdin / open sesame.
    expect(encodeBasicAuth('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('encodes UTF-8 bytes, as the RFC 7617 charset example shows', () => {
    // RFC 7617 section 2.1: test / 123£ with charset="UTF-8"; Latin-1 would give dGVzdDoxMjOj.
    expect(encodeBasicAuth('test', '123£')).toBe('Basic dGVzdDoxMjPCow==');
  });

  it('keeps every colon of the password: only the first colon ends the username', () => {
    expect(basicBytes(encodeBasicAuth('user', 'pa:ss::word:')).toString('latin1')).toBe('user:pa:ss::word:');
  });

  it('sends a non-ASCII password as its UTF-8 bytes, and characters outside the BMP as four bytes', () => {
    const bytes = basicBytes(encodeBasicAuth('jörg', 'pässwörd:ü€'));
    expect(bytes.toString('hex')).toBe('6ac3b672673a70c3a4737377c3b672643a' + 'c3bce282ac');
    expect(basicBytes(encodeBasicAuth('u', '🔑')).toString('hex')).toBe('753a' + 'f09f9491');
  });
});

describe('assertText', () => {
  it.each(['', 'plain', 'with space', 'a\ttab', 'tilde~', 'pässwörd', '€ and 🔑'])('accepts %j', (value) => {
    expect(() => assertText('value', value)).not.toThrow();
  });

  it.each([
    ['NUL', '\u0000'],
    ['LF', '\n'],
    ['CR', '\r'],
    ['US', '\u001f'],
    ['DEL', '\u007f'],
  ])('refuses %s anywhere in the value, without repeating the value', (_name, character) => {
    for (const value of [`${character}start`, `mid${character}dle`, `end${character}`]) {
      expect(refused(() => assertText('headers.x-note', value), 'headers.x-note').message).toBe(
        'headers.x-note: must not contain control characters such as CR or LF',
      );
    }
  });

  it('refuses a lone surrogate, which no encoding can send, and accepts a pair', () => {
    for (const value of ['\ud800', '\udfff', 'pass\ud800word']) refused(() => assertText('password', value), 'password');
    expect(() => assertText('password', '🔑')).not.toThrow();
  });

  it.each([undefined, null, 1, ['a']])('refuses %j as not a string', (value) => {
    expect(refused(() => assertText('username', value), 'username').message).toBe('username: must be a string');
  });
});

describe('checkHeader and checkHeaders', () => {
  it.each([
    ['x-request-id', 'req-123'],
    ['Prefer', 'example=CallCompleted'],
    ["!#$%&'*+-.^_`|~09AZaz", 'any visible text'],
    ['x-empty', ''],
    ['x-latin1', 'café'],
    // RFC 9110 (5.5) allows HTAB inside a field value.
    ['x-tab', 'a\tb'],
  ])('accepts %s: %j', (name, value) => {
    expect(checkHeader(name, value)).toBe(name.toLowerCase());
  });

  it.each(['', 'x y', 'x:y', 'x\r\ny', 'x(y)', 'x"y', 'en-tête', 'x/y', 7])('refuses the header name %j', (name) => {
    refused(() => checkHeader(name, 'value'), 'headers');
  });

  it.each([
    'connection',
    'Keep-Alive',
    'transfer-encoding',
    'TE',
    'trailer',
    'upgrade',
    'Expect',
    'host',
    'content-length',
    'proxy-authorization',
    'Proxy-Connection',
  ])('refuses %s, a header fetch sets itself or refuses', (name) => {
    expect(refused(() => checkHeader(name, 'x'), `headers.${name}`).message).toContain('is set by fetch, or refused');
  });

  it("refuses authorization in any case: the credentials are the client's", () => {
    for (const name of ['authorization', 'Authorization', 'AUTHORIZATION']) {
      expect(refused(() => checkHeader(name, 'Basic eA=='), `headers.${name}`).message).toContain('comes from the username and password');
    }
  });

  it('refuses a value that could split the request, or that fetch cannot send, without repeating it', () => {
    const error = refused(() => checkHeader('x-note', 'ok\r\nAuthorization: Basic c3RvbGVu'), 'headers.x-note');
    expect(`${error.message}${JSON.stringify(error)}`).not.toContain('c3RvbGVu');
    refused(() => checkHeader('x-note', 'price in €'), 'headers.x-note');
    refused(() => checkHeader('x-note', 1), 'headers.x-note');
  });

  it('checks a Headers instance and a list of pairs like a plain object', () => {
    expect(checkHeaders(new Headers({ Prefer: 'code=404' }))).toEqual({ prefer: 'code=404' });
    expect(checkHeaders([['Prefer', 'code=404']])).toEqual({ prefer: 'code=404' });
    expect(checkHeaders(undefined)).toEqual({});
    refused(() => checkHeaders(new Headers({ Authorization: 'Basic eA==' })), 'headers.authorization');
    refused(() => checkHeaders([['Transfer-Encoding', 'chunked']]), 'headers.Transfer-Encoding');
    refused(() => checkHeaders([['a']]), 'headers');
    refused(() => checkHeaders('prefer: x'), 'headers');
  });
});

describe('copyJson and checkUpdateBody', () => {
  it.each([
    { status: 'completed' },
    { agentId: '123e4567-e89b-12d3-a456-426614174000' },
    { note: '' },
    { agentId: 'not checked here', status: 'not checked either', note: "values are the server's to judge" },
  ])('accepts %j as it is', (body) => {
    expect({ ...checkUpdateBody(body) }).toEqual(body);
  });

  it('drops undefined fields, as JSON does', () => {
    expect({ ...checkUpdateBody({ status: 'completed', note: undefined }) }).toEqual({ status: 'completed' });
    expect(refused(() => checkUpdateBody({ note: undefined }), 'body').message).toContain('at least one');
  });

  it('refuses a body that is not a plain object', () => {
    for (const body of [null, undefined, 'note', 42, true, [], [{ status: 'completed' }], new Date(0), new Map()]) {
      refused(() => checkUpdateBody(body), 'body');
    }
  });

  it('refuses an empty object, and does not count inherited fields, which JSON does not send', () => {
    expect(refused(() => checkUpdateBody({}), 'body').message).toBe('body: must contain at least one of agentId, status, note');
    refused(() => checkUpdateBody(Object.create({ status: 'completed' })), 'body');
  });

  it('refuses an unknown key and names it, but not the values', () => {
    const error = refused(() => checkUpdateBody({ status: 'completed', priority: 'high-secret' }), 'body');
    expect(error.message).toContain('"priority"');
    expect(error.message).not.toContain('high-secret');
    // An own __proto__ key (as JSON.parse makes it) is unknown too, not a prototype.
    expect(refused(() => checkUpdateBody(JSON.parse('{"__proto__":"x"}')), 'body').message).toContain('"__proto__"');
  });

  it.each([
    ['status', 1],
    ['agentId', null],
    ['note', ['a']],
    ['status', { value: 'completed' }],
  ])('refuses a non-string %s', (key, value) => {
    expect(refused(() => checkUpdateBody({ [key]: value }), `body.${key}`).message).toBe(`body.${key}: must be a string`);
  });

  it('reads each field once, so a getter cannot make what is checked differ from what is sent', () => {
    let reads = 0;
    const body = {
      get status() {
        reads += 1;
        return reads === 1 ? 'completed' : 42;
      },
    };
    const copy = checkUpdateBody(body);
    expect(JSON.stringify(copy)).toBe('{"status":"completed"}');
    expect(reads).toBe(1);
  });

  it('sends the copy, not a toJSON of the original, enumerable or not', () => {
    const body = { status: 'completed' };
    Object.defineProperty(body, 'toJSON', { value: () => ({ status: 'canceled', injected: true }), enumerable: false });
    expect(JSON.stringify(checkUpdateBody(body))).toBe('{"status":"completed"}');
  });

  it('refuses what JSON cannot carry, naming where it is', () => {
    refused(() => copyJson({ a: [1, Number.NaN] }, 'body'), 'body.a[1]');
    refused(() => copyJson({ a: Infinity }, 'body'), 'body.a');
    refused(() => copyJson({ a: 1n }, 'body'), 'body.a');
    refused(() => copyJson({ a: () => 1 }, 'body'), 'body.a');
    refused(() => copyJson({ a: Symbol('s') }, 'body'), 'body.a');
    refused(() => copyJson({ a: '\ud800' }, 'body'), 'body.a');
    // biome-ignore lint/suspicious/noSparseArray: the hole is the input under test
    refused(() => copyJson({ a: [1, , 3] }, 'body'), 'body.a[1]');
  });

  it('refuses a cycle, and nesting deeper than any body of the contract, instead of overflowing the stack', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(refused(() => copyJson(cycle, 'body'), 'body.self.self.self.self.self.self.self.self').message).toContain('deeper than 8');
    let deep: unknown = 'x';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(thrown(() => copyJson(deep, 'body'))).toBeInstanceOf(InvalidArgumentError);
  });

  it('keeps plain objects from another realm and objects without a prototype', () => {
    expect({ ...(copyJson(Object.assign(Object.create(null), { a: 1 }), 'body') as object) }).toEqual({ a: 1 });
  });
});

describe('parseRetryAfter', () => {
  // Wed, 21 Oct 2026 07:28:00 GMT, the RFC 9110 example moved to a fixed year.
  const now = Date.UTC(2026, 9, 21, 7, 28, 0);

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1', 1_000],
    ['007', 7_000],
    // Field values arrive trimmed from HTTP, but a caller may pass a raw one.
    [' 5 ', 5_000],
  ])('reads delay-seconds %j as %d ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('reads an HTTP date as the time from `now` until then', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:30:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:01 GMT', now)).toBe(1_000);
    expect(parseRetryAfter('Thu, 22 Oct 2026 07:28:00 GMT', now)).toBe(86_400_000);
  });

  it('gives 0 for the present and for a date in the past', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:59 GMT', now)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it('counts from Date.now() when no `now` is given', () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const wait = parseRetryAfter(inAMinute);
    // toUTCString drops the milliseconds, and a little time passes between the two calls.
    expect(wait).toBeGreaterThan(58_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it.each([
    '',
    '   ',
    '-1',
    '1.5',
    '1e3',
    '+5',
    '0x10',
    '١٢',
    'soon',
    'Wed, 21 Oct 2026',
    '2026-10-21T07:30:00Z',
    'Wed, 32 Oct 2026 07:30:00 GMT',
    'Wed, 21 Oct 2026 25:30:00 GMT',
    'Wed, 21 Oct 2026 07:30:00 GMT trailing',
  ])('gives undefined for the malformed value %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('gives undefined for a missing header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  // Was a bug, found by this test: RFC 9110 section 5.6.7 says a recipient MUST
  // accept the obsolete RFC 850 form too; the date pattern wants a three-letter day.
  it('reads the obsolete RFC 850 date form', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-26 07:30:00 GMT', now)).toBe(120_000);
  });
});

describe('computeBackoff', () => {
  // The un-jittered delay before retry n, built by doubling from the constants
  // rather than with the helper's own formula.
  const bases: number[] = [];
  for (let retry = 0, delay = INITIAL_RETRY_DELAY_MS; retry <= 6; retry += 1, delay *= 2) {
    bases.push(Math.min(delay, MAX_RETRY_DELAY_MS));
  }
  const ALMOST_ONE = 1 - Number.EPSILON;

  it('covers both sides of the cap in retries 0 to 6', () => {
    // If the constants change so that 0..6 never reaches the cap (or starts on it), the table below tests less.
    expect(bases[0]).toBeLessThan(MAX_RETRY_DELAY_MS);
    expect(bases[6]).toBe(MAX_RETRY_DELAY_MS);
    // With today's constants: 500 ms doubling, capped at 8 s.
    expect(bases).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it.each([0, 1, 2, 3, 4, 5, 6])('waits the full base delay before retry %i when random() is 0', (retry) => {
    expect(computeBackoff(retry, () => 0)).toBe(bases[retry]);
  });

  it.each([0, 1, 2, 3, 4, 5, 6])('takes RETRY_JITTER off before retry %i when random() is just under 1', (retry) => {
    const base = bases[retry] ?? Number.NaN;
    expect(computeBackoff(retry, () => ALMOST_ONE)).toBe(Math.round(base * (1 - RETRY_JITTER)));
  });

  it("gives the exact jittered values for today's constants", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((retry) => computeBackoff(retry, () => ALMOST_ONE))).toEqual([375, 750, 1_500, 3_000, 6_000, 6_000, 6_000]);
    expect(computeBackoff(1, () => 0.5)).toBe(875);
    // 500 * (1 - 0.25 * 0.5) is 437.5 exactly: rounded to the nearest millisecond, not down.
    expect(computeBackoff(0, () => 0.5)).toBe(438);
  });

  it('never goes above the cap, however many retries', () => {
    for (const retry of [7, 10, 31, 64, 1_100]) {
      expect(computeBackoff(retry, () => 0)).toBe(MAX_RETRY_DELAY_MS);
    }
  });

  it('keeps every jittered delay between (1 - RETRY_JITTER) * base and base', () => {
    const randoms = [0, 1e-9, 0.1, 0.25, 0.5, 0.75, 0.999, ALMOST_ONE];
    for (let retry = 0; retry <= 6; retry += 1) {
      const base = bases[retry] ?? Number.NaN;
      for (const random of randoms) {
        const delay = computeBackoff(retry, () => random);
        expect(delay).toBeLessThanOrEqual(base);
        expect(delay).toBeGreaterThanOrEqual((1 - RETRY_JITTER) * base);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('uses Math.random by default, within the same bounds', () => {
    const delays = Array.from({ length: 200 }, () => computeBackoff(3));
    for (const delay of delays) {
      expect(delay).toBeLessThanOrEqual(4_000);
      expect(delay).toBeGreaterThanOrEqual(3_000);
    }
    // 200 draws that all land on one value would mean the jitter is not applied.
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.255.255.254', '127.0.0.0', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '128.0.0.1',
    '126.255.255.255',
    '127.0.0.256',
    '127.0.0',
    '127.0.0.1.nip.io',
    'localhost.example.com',
    'notlocalhost',
    // A subdomain of localhost is a name like any other, which a resolver may send anywhere.
    'a.localhost',
    'api.dev.localhost',
    'example.com',
    '0.0.0.0',
    '[::2]',
    '',
    // URL hostnames always bracket IPv6; the bare form is not one.
    '::1',
  ])('%j is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('agrees with the hostnames URL parsing produces', () => {
    expect(new URL('http://[::1]:1').hostname).toBe('[::1]');
    expect(isLoopbackHost(new URL('http://[::1]:1').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://[0:0:0:0:0:0:0:1]/').hostname)).toBe(true);
    // URL turns the short and hexadecimal IPv4 forms into dotted quads.
    expect(isLoopbackHost(new URL('http://127.1/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0x7f000001/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://LocalHost:8080/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0.0.0.0/').hostname)).toBe(false);
    expect(isLoopbackHost(new URL('http://localhost.example.com/').hostname)).toBe(false);
  });
});

describe('assertCallId', () => {
  it.each([
    '123e4567-e89b-12d3-a456-426614174000',
    '123E4567-E89B-12D3-A456-426614174000',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ])('accepts %s', (id) => {
    expect(() => assertCallId(id)).not.toThrow();
  });

  it.each([
    '123e4567e89b12d3a456426614174000',
    '{123e4567-e89b-12d3-a456-426614174000}',
    'urn:uuid:123e4567-e89b-12d3-a456-426614174000',
    '123e4567-e89b-12d3-a456-42661417400',
    '123e4567-e89b-12d3-a456-4266141740000',
    '123g4567-e89b-12d3-a456-426614174000',
    ' 123e4567-e89b-12d3-a456-426614174000',
    // `$` without the m flag ends at the end of the input, so a trailing newline cannot slip through.
    '123e4567-e89b-12d3-a456-426614174000\n',
    '../123e4567-e89b-12d3-a456-426614174000',
    '..',
  ])('refuses %j as not a UUID', (id) => {
    const error = refused(() => assertCallId(id), 'id');
    expect(error.message).toContain('must be a UUID');
  });

  it.each(['', undefined, null, 42, {}, ['123e4567-e89b-12d3-a456-426614174000']])('refuses %j, which is not a UUID string', (id) => {
    expect(refused(() => assertCallId(id), 'id').message).toBe('id: must be a UUID such as 123e4567-e89b-12d3-a456-426614174000');
  });
});

describe('createRedactor', () => {
  const username = 'alice.marker';
  const password = 'pw-Tr0ub4dor&3/ü:x';
  const token = encodeBasicAuth(username, password).slice('Basic '.length);
  const redact = createRedactor({ username, password, token });

  it('replaces the username, the password and the token wherever they occur', () => {
    expect(redact(`user ${username} may not; password ${password}; Basic ${token}`)).toBe(`user ${REDACTED} may not; password ${REDACTED}; Basic ${REDACTED}`);
    expect(REDACTED).toBe('[redacted]');
  });

  it('finds the token padded, unpadded, percent-encoded, in Base64url and in any letter case of its encoding', () => {
    const unpadded = token.replace(/=+$/, '');
    expect(token).not.toBe(unpadded);
    for (const echo of [
      token,
      unpadded,
      encodeURIComponent(token),
      encodeURIComponent(token).toLowerCase(),
      unpadded.replace(/\+/g, '-').replace(/\//g, '_'),
      `basic ${token}`,
      `BASIC ${token}`,
    ]) {
      const text = redact(`echo: ${echo}.`);
      expect(text, echo).not.toContain(unpadded.slice(0, 12));
      expect(text).toContain(REDACTED);
    }
  });

  it('finds the password and the username as JSON escapes them, with / escaped or not, and percent-encoded', () => {
    for (const echo of [
      JSON.stringify(password).slice(1, -1),
      JSON.stringify(password).slice(1, -1).replaceAll('/', '\\/'),
      encodeURIComponent(password),
      encodeURIComponent(username),
      `${username}:${password}`,
    ]) {
      expect(redact(`"${echo}"`), echo).toBe(`"${REDACTED}"`);
    }
  });

  it('replaces the longest match first, so no piece of a token survives around a password inside it', () => {
    const short = createRedactor({ username: 'abcd', password: 'abcdefgh', token: encodeBasicAuth('abcd', 'abcdefgh').slice(6) });
    expect(short('xxabcdefghyy')).toBe(`xx${REDACTED}yy`);
  });

  it(`searches for credentials of ${MIN_REDACTED_LENGTH} characters or more, and for the token always`, () => {
    expect(MIN_REDACTED_LENGTH).toBe(4);
    const short = createRedactor({ username: 'abc', password: 'xyz', token: encodeBasicAuth('abc', 'xyz').slice(6) });
    expect(short('abc and xyz')).toBe('abc and xyz');
    expect(short(`token ${encodeBasicAuth('abc', 'xyz').slice(6)}`)).toBe(`token ${REDACTED}`);
    expect(createRedactor({ password: 'abcd' })('xabcdx')).toBe(`x${REDACTED}x`);
  });

  it('is the identity with no credential to look for', () => {
    expect(createRedactor({})('secret-pw')).toBe('secret-pw');
  });

  it('takes linear time on text built to make a regular expression backtrack', () => {
    const text = 'a'.repeat(200_000);
    expect(createRedactor({ username: `${'a'.repeat(50)}b`, password: 'aaaa' })(text)).toContain(REDACTED);
  });
});

describe('escapeForLog', () => {
  it('writes CR, LF, ESC, DEL, C1 controls, line separators and bidi overrides as escapes', () => {
    expect(escapeForLog('a\r\nFAKE LOG LINE\u001b[31m\u007f\u0085\u2028\u202e\u2066b')).toBe(
      'a\\u000d\\u000aFAKE LOG LINE\\u001b[31m\\u007f\\u0085\\u2028\\u202e\\u2066b',
    );
    expect(escapeForLog('plain text, ü € 🔑')).toBe('plain text, ü € 🔑');
  });
});

describe('sanitizeCause', () => {
  const redact = createCleaner(createRedactor({ password: 'hunter2-secret' }));

  it('keeps name, code and the redacted, escaped message, and drops every other field', () => {
    const original = Object.assign(new TypeError('bad bytes hunter2-secret\r\n'), {
      code: 'HPE_INVALID',
      data: 'hunter2-secret raw bytes',
      input: Buffer.from('hunter2-secret'),
    });
    const copy = sanitizeCause(original, redact) as Error & { code?: string };
    expect(copy).toBeInstanceOf(Error);
    expect(copy).not.toBe(original);
    expect(copy.name).toBe('TypeError');
    expect(copy.code).toBe('HPE_INVALID');
    expect(copy.message).toBe(`bad bytes ${REDACTED}\\u000d\\u000a`);
    expect(Object.keys(copy).sort()).toEqual(['code', 'name']);
    expect(inspect(copy, { depth: 10 })).not.toContain('hunter2');
  });

  it('copies the cause chain the same way, three deep at most', () => {
    const chain = new Error('outer', { cause: new Error('middle hunter2-secret', { cause: new Error('inner', { cause: new Error('too deep') }) }) });
    const middle = sanitizeCause(chain, redact)?.cause as Error;
    expect(middle.message).toBe(`middle ${REDACTED}`);
    expect((middle.cause as Error).message).toBe('inner');
    expect((middle.cause as Error).cause).toBeUndefined();
  });

  it('survives thrown values that are not errors, and getters that throw', () => {
    expect(sanitizeCause('hunter2-secret', redact)?.message).toBe(REDACTED);
    expect(sanitizeCause(undefined, redact)).toBeUndefined();
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(sanitizeCause(hostile, redact)).toBeInstanceOf(Error);
  });
});

describe('encodeListFilters', () => {
  it('serializes every filter in a fixed order, dateRange as a deepObject', () => {
    expect(encodeListFilters(undefined)).toBe('');
    expect(encodeListFilters({})).toBe('');
    expect(encodeListFilters({ sanitised: 'yes', dateRange: { to: '2022-01-31', from: '2022-01-01' }, hrs: 1.5, channel: 'sms', status: 'no-answer' })).toBe(
      '?status=no-answer&channel=sms&hrs=1.5&dateRange[from]=2022-01-01&dateRange[to]=2022-01-31&sanitised=yes',
    );
    expect(encodeListFilters({ dateRange: { from: '2024-02-29' } })).toBe('?dateRange[from]=2024-02-29');
    expect(encodeListFilters({ sanitised: 'a&b=c d', status: undefined })).toBe('?sanitised=a%26b%3Dc%20d');
  });

  it.each<[string, unknown, string]>([
    ['an unknown filter', { page: 2 }, 'filters'],
    ['a status outside CallStatus', { status: 'done' }, 'filters.status'],
    ['a channel outside CallChannel', { channel: 'fax' }, 'filters.channel'],
    ['negative hours', { hrs: -1 }, 'filters.hrs'],
    ['hours as text', { hrs: '24' }, 'filters.hrs'],
    ['a date-time instead of a date', { dateRange: { from: '2022-01-01T00:00:00Z' } }, 'filters.dateRange.from'],
    ['a day that does not exist', { dateRange: { to: '2023-02-29' } }, 'filters.dateRange.to'],
    ['a month that does not exist', { dateRange: { from: '2022-13-01' } }, 'filters.dateRange.from'],
    ['a range that ends before it starts', { dateRange: { from: '2022-02-01', to: '2022-01-31' } }, 'filters.dateRange'],
    ['an unknown end of the range', { dateRange: { until: '2022-01-31' } }, 'filters.dateRange'],
    ['a CR in sanitised', { sanitised: 'yes\r\nx: 1' }, 'filters.sanitised'],
    ['filters that are not an object', 'status=completed', 'filters'],
  ])('refuses %s', (_name, filters, argument) => {
    refused(() => encodeListFilters(filters), argument);
  });
});

describe('checkCreateBody', () => {
  const minimal = {
    agentId: '3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b',
    channel: 'whatsapp',
    skillId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
    customerOverride: { firstName: 'Jonas' },
  };

  it('accepts the three fields both versions of the page require, and leaves the rest to the server', () => {
    expect(JSON.stringify(checkCreateBody(minimal))).toBe(JSON.stringify(minimal));
    const { customerOverride: _omitted, ...withoutOverride } = minimal;
    expect(() => checkCreateBody(withoutOverride)).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['no agentId', { ...minimal, agentId: undefined }, 'body.agentId'],
    ['no skillId', { ...minimal, skillId: undefined }, 'body.skillId'],
    ['a channel outside CallChannel', { ...minimal, channel: 'fax' }, 'body.channel'],
    ['no channel', { ...minimal, channel: undefined }, 'body.channel'],
    ['an array', [minimal], 'body'],
    [
      'a nested value JSON cannot carry',
      { ...minimal, customerOverride: { customFields: [{ name: 'n', value: Number.NaN }] } },
      'body.customerOverride.customFields[0].value',
    ],
  ])('refuses a body with %s', (_name, body, argument) => {
    refused(() => checkCreateBody(body), argument);
  });
});
