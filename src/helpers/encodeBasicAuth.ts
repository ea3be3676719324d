import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';
import { assertNoControlCharacters, assertWellFormed } from './assertHeaderValue.js';

/**
 * The `Authorization` value for HTTP Basic (RFC 7617): `Basic ` and the
 * Base64 of the UTF-8 bytes of `username:password`. The username cannot
 * contain `:` (the first colon ends it); the password can. Neither may hold
 * control characters. Errors never repeat either value.
 */
export function encodeBasicAuth(username: string, password: string): string {
  if (typeof username !== 'string') throw new InvalidArgumentError('username', 'must be a string');
  if (typeof password !== 'string') throw new InvalidArgumentError('password', 'must be a string');
  if (username.includes(':')) throw new InvalidArgumentError('username', 'must not contain ":" (RFC 7617); a password may');
  assertNoControlCharacters('username', username);
  assertNoControlCharacters('password', password);
  // TextEncoder would silently send U+FFFD for a lone surrogate: not the password given.
  assertWellFormed('username', username);
  assertWellFormed('password', password);
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
