// Unit tests of the pure helpers in src/helpers/: no server, no clock, no randomness
// except where a test injects it.
import { describe, expect, it } from 'vitest';
import { INITIAL_RETRY_DELAY_MS, MAX_NOTE_LENGTH, MAX_RETRY_DELAY_MS, RETRY_JITTER } from '../src/defaults.js';
import { InvalidArgumentError } from '../src/errors/InvalidArgumentError.js';
import { assertCallId } from '../src/helpers/assertCallId.js';
import { assertHeaderValue, assertNoControlCharacters } from '../src/helpers/assertHeaderValue.js';
import { assertUpdateBody } from '../src/helpers/assertUpdateBody.js';
import { computeBackoff } from '../src/helpers/computeBackoff.js';
import { createRedactor, REDACTED } from '../src/helpers/createRedactor.js';
import { encodeBasicAuth } from '../src/helpers/encodeBasicAuth.js';
import { isLoopbackHost } from '../src/helpers/isLoopbackHost.js';
import { parseRetryAfter } from '../src/helpers/parseRetryAfter.js';

/** Runs `action` and returns what it threw; fails the test if it threw nothing. */
function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an exception, none was thrown');
}

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
    const bytes = basicBytes(encodeBasicAuth('user', 'pa:ss::word:'));
    expect(bytes.toString('latin1')).toBe('user:pa:ss::word:');
  });

  it('sends a non-ASCII password as its UTF-8 bytes', () => {
    const bytes = basicBytes(encodeBasicAuth('jörg', 'pässwörd:ü€'));
    // j ö(c3 b6) r g : p ä(c3 a4) s s w ö(c3 b6) r d : ü(c3 bc) €(e2 82 ac)
    expect(bytes.toString('hex')).toBe('6ac3b672673a70c3a4737377c3b672643a' + 'c3bce282ac');
    expect(bytes.toString('utf8')).toBe('jörg:pässwörd:ü€');
  });

  it('sends characters outside the BMP as their four UTF-8 bytes', () => {
    const bytes = basicBytes(encodeBasicAuth('u', '🔑'));
    expect(bytes.toString('hex')).toBe('753a' + 'f09f9491');
  });

  it('encodes empty credentials as a lone colon', () => {
    expect(encodeBasicAuth('', '')).toBe('Basic Og==');
  });

  it('refuses a colon in the username, which the server would read as the end of it', () => {
    const error = refused(() => encodeBasicAuth('us:er', 'Tr0ub4dor&3'), 'username');
    expect(error.message).not.toContain('us:er');
    expect(error.message).not.toContain('Tr0ub4dor');
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['NUL', '\u0000'],
    ['DEL', '\u007f'],
  ])('refuses %s in the username or the password', (_name, character) => {
    refused(() => encodeBasicAuth(`us${character}er`, 'Tr0ub4dor&3'), 'username');
    refused(() => encodeBasicAuth('user', `Tr0ub4dor&3${character}`), 'password');
  });

  it('never repeats the password in the message or in JSON.stringify of the error', () => {
    const password = 'Tr0ub4dor&3-secret';
    for (const action of [
      () => encodeBasicAuth('us:er', password),
      () => encodeBasicAuth('user', `${password}\r\n`),
      () => encodeBasicAuth('user\n', password),
      () => encodeBasicAuth(42 as unknown as string, password),
    ]) {
      const error = thrown(action);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).not.toContain('Tr0ub4dor');
      expect(JSON.stringify(error)).not.toContain('Tr0ub4dor');
      // The JSON form is not empty: it does say what went wrong.
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'InvalidArgumentError', argument: expect.any(String) });
    }
  });

  it('refuses a credential that is not a string', () => {
    refused(() => encodeBasicAuth(undefined as unknown as string, 'secret'), 'username');
    refused(() => encodeBasicAuth('user', null as unknown as string), 'password');
  });

  // TextEncoder would silently turn a lone surrogate into U+FFFD, so '\ud800' and
  // '\udfff' would send the same header, neither of them the password given.
  it('refuses a lone surrogate instead of sending U+FFFD', () => {
    for (const password of ['\ud800', '\udfff', 'pass\ud800word']) refused(() => encodeBasicAuth('u', password), 'password');
    refused(() => encodeBasicAuth('us\udc00er', 'p'), 'username');
    // A surrogate pair is one character, and fine.
    expect(Buffer.from(encodeBasicAuth('u', '🔑').slice(6), 'base64').toString('utf8')).toBe('u:🔑');
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
    bases.push(delay > MAX_RETRY_DELAY_MS ? MAX_RETRY_DELAY_MS : delay);
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

  it('gives the exact jittered values for today\'s constants', () => {
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
  it.each(['localhost', 'LOCALHOST', 'a.localhost', 'api.dev.localhost', 'localhost.', '127.0.0.1', '127.255.255.254', '127.0.0.0', '[::1]'])('%s is loopback', (host) => {
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

  it('refuses the empty string with its own message', () => {
    expect(refused(() => assertCallId(''), 'id').message).toBe('id: must not be empty');
  });

  it.each([undefined, null, 42, {}, ['123e4567-e89b-12d3-a456-426614174000']])('refuses the non-string %j', (id) => {
    expect(refused(() => assertCallId(id), 'id').message).toBe('id: must be a string');
  });
});

describe('assertNoControlCharacters', () => {
  it.each(['', 'plain', 'with space', 'tilde~', 'pässwörd', '€ and 🔑'])('accepts %j', (value) => {
    expect(() => assertNoControlCharacters('value', value)).not.toThrow();
  });

  it.each([
    ['NUL', '\u0000'],
    ['TAB', '\t'],
    ['LF', '\n'],
    ['CR', '\r'],
    ['US', '\u001f'],
    ['DEL', '\u007f'],
  ])('refuses %s anywhere in the value, without repeating the value', (_name, character) => {
    for (const value of [`${character}start`, `mid${character}dle`, `end${character}`]) {
      const error = refused(() => assertNoControlCharacters('headers.x-note', value), 'headers.x-note');
      expect(error.message).toBe('headers.x-note: must not contain control characters such as CR or LF');
    }
  });
});

describe('assertHeaderValue', () => {
  it.each([
    ['x-request-id', 'req-123'],
    ['Prefer', 'example=CallCompleted'],
    ["!#$%&'*+-.^_`|~09AZaz", 'any visible text'],
    ['x-empty', ''],
    ['x-latin1', 'café'],
  ])('accepts %s: %s', (name, value) => {
    expect(() => assertHeaderValue(name, value)).not.toThrow();
  });

  it.each(['', 'x y', 'x:y', 'x\r\ny', 'x(y)', 'x"y', 'en-tête', 'x/y'])('refuses the header name %j', (name) => {
    refused(() => assertHeaderValue(name, 'value'), 'headers');
  });

  it('refuses a header name that is not a string', () => {
    refused(() => assertHeaderValue(7 as unknown as string, 'value'), 'headers');
  });

  it.each([undefined, null, 1, ['a'], { value: 'a' }])('refuses the value %j as not a string', (value) => {
    expect(refused(() => assertHeaderValue('x-note', value), 'headers.x-note').message).toBe('headers.x-note: must be a string');
  });

  it('refuses a value that could split the request, without repeating it', () => {
    const value = 'ok\r\nAuthorization: Basic c3RvbGVu';
    const error = refused(() => assertHeaderValue('x-note', value), 'headers.x-note');
    expect(error.message).not.toContain('c3RvbGVu');
    expect(JSON.stringify(error)).not.toContain('c3RvbGVu');
    refused(() => assertHeaderValue('x-note', 'a\nb'), 'headers.x-note');
    refused(() => assertHeaderValue('x-note', 'a\u0000b'), 'headers.x-note');
  });

  // Was a bug, found by this test: a header value is a ByteString; fetch's Headers
  // throws a TypeError for a character above U+00FF. The check lets it through, so
  // getCall(id, { headers: { 'x-note': '€' } }) rejects with that TypeError instead
  // of an InvalidArgumentError before sending.
  it('refuses a value with a character above U+00FF, which fetch cannot send', () => {
    refused(() => assertHeaderValue('x-note', 'price in €'), 'headers.x-note');
  });
});

describe('assertUpdateBody', () => {
  it.each([
    { status: 'completed' },
    { agentId: '123e4567-e89b-12d3-a456-426614174000' },
    { note: '' },
    { agentId: 'not checked here', status: 'not checked either', note: 'values are the server\'s to judge' },
  ])('accepts %j', (body) => {
    expect(() => assertUpdateBody(body)).not.toThrow();
  });

  it('refuses a body that is not a plain object', () => {
    for (const body of [null, undefined, 'note', 42, true]) {
      expect(refused(() => assertUpdateBody(body), 'body').message).toContain('must be an object');
    }
    expect(refused(() => assertUpdateBody([{ status: 'completed' }]), 'body').message).toContain('must be an object');
    expect(refused(() => assertUpdateBody([]), 'body').message).toContain('must be an object');
  });

  it('refuses an empty object: the contract wants at least one field', () => {
    expect(refused(() => assertUpdateBody({}), 'body').message).toBe('body: must contain at least one of agentId, status, note');
    // Inherited fields are not sent by JSON.stringify, so they do not count.
    expect(refused(() => assertUpdateBody(Object.create({ status: 'completed' })), 'body').message).toContain('at least one');
  });

  it('refuses an unknown key and names it, but not the values', () => {
    const error = refused(() => assertUpdateBody({ status: 'completed', priority: 'high-secret' }), 'body');
    expect(error.message).toContain('"priority"');
    expect(error.message).not.toContain('high-secret');
    // An own __proto__ key (as JSON.parse makes it) is unknown too, not a prototype.
    expect(refused(() => assertUpdateBody(JSON.parse('{"__proto__":"x"}')), 'body').message).toContain('"__proto__"');
  });

  it.each([
    ['status', 1],
    ['agentId', null],
    ['note', undefined],
    ['note', ['a']],
    ['status', { value: 'completed' }],
  ])('refuses a non-string %s', (key, value) => {
    expect(refused(() => assertUpdateBody({ [key]: value }), `body.${key}`).message).toBe(`body.${key}: must be a string`);
  });

  it(`accepts a note of ${MAX_NOTE_LENGTH} characters and refuses one of ${MAX_NOTE_LENGTH + 1}`, () => {
    expect(MAX_NOTE_LENGTH).toBe(2000);
    expect(() => assertUpdateBody({ note: 'n'.repeat(2000) })).not.toThrow();
    const error = refused(() => assertUpdateBody({ note: 'n'.repeat(2001) }), 'body.note');
    expect(error.message).toBe('body.note: must be at most 2000 characters');
  });

  // Was a bug, found by this test: JSON Schema's maxLength counts code points,
  // and Prism answers 200 to a note of 2,000 emoji; the client counts UTF-16 units
  // (note.length is 4,000) and refuses a body the contract allows.
  it('counts the note in characters (code points), as the contract\'s maxLength does', () => {
    expect(() => assertUpdateBody({ note: '🔑'.repeat(2000) })).not.toThrow();
  });
});

describe('createRedactor', () => {
  it('replaces every occurrence of each secret in a string', () => {
    const redact = createRedactor(['secret-pw', 'dXNlcjpzZWNyZXQtcHc=']);
    expect(redact('a secret-pw b secret-pw')).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redact('Authorization: Basic dXNlcjpzZWNyZXQtcHc=')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(REDACTED).toBe('[redacted]');
  });

  it('walks parsed JSON: strings in arrays and objects, and object keys', () => {
    const redact = createRedactor(['secret-pw']);
    const body = { statusCode: 400, message: ['bad secret-pw', 'fine'], nested: { 'secret-pw': 'x secret-pw' }, ok: true, none: null };
    expect(redact(body)).toEqual({ statusCode: 400, message: [`bad ${REDACTED}`, 'fine'], nested: { [REDACTED]: `x ${REDACTED}` }, ok: true, none: null });
    // The input is left as it was.
    expect(body.message[0]).toBe('bad secret-pw');
  });

  it('replaces the longest secret first, so a token is not cut around a password inside it', () => {
    for (const secrets of [
      ['abcdefgh', 'cdef'],
      ['cdef', 'abcdefgh'],
    ]) {
      expect(createRedactor(secrets)('xxabcdefghyy')).toBe(`xx${REDACTED}yy`);
    }
  });

  it('does not reorder the array it was given', () => {
    const secrets = ['cdef', 'abcdefgh'];
    createRedactor(secrets);
    expect(secrets).toEqual(['cdef', 'abcdefgh']);
  });

  it('leaves booleans, null and numbers without a secret alone, and redacts a number that holds one', () => {
    const redact = createRedactor(['1234']);
    expect(redact(true)).toBe(true);
    expect(redact(null)).toBeNull();
    expect(redact(567)).toBe(567);
    // An all-digit password echoed as a JSON number would become text in an error body later.
    expect(redact(1234)).toBe(REDACTED);
    expect(redact(912345)).toBe(REDACTED);
    expect(redact('1234')).toBe(REDACTED);
  });

  it('searches for secrets of 4 characters or more, not shorter ones that would match by chance', () => {
    expect(createRedactor(['abcd'])('xabcdx')).toBe(`x${REDACTED}x`);
    expect(createRedactor(['abc'])('xabcx')).toBe('xabcx');
  });

  it('is the identity, returning the same value, with no secret to look for', () => {
    const body = { message: 'secret-pw' };
    for (const secrets of [[], [undefined], ['abc', undefined]]) {
      expect(createRedactor(secrets)(body)).toBe(body);
    }
  });
});
