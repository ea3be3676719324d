// Redaction and log safety (src/internal/redact.ts): credentials replaced in
// every form the client knows, control characters escaped, causes copied clean.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeBasicAuth } from '../../src/internal/config.js';
import { MIN_REDACTED_LENGTH } from '../../src/internal/defaults.js';
import { createCleaner, createRedactor, escapeForLog, REDACTED, sanitizeCause } from '../../src/internal/redact.js';

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
