// encodeBasicAuth: the Basic header as RFC 7617 spells it, UTF-8 bytes and every colon of the password kept.
import { describe, expect, it } from 'vitest';
import { encodeBasicAuth } from '../../src/internal/config.js';

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
