import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

// C0 controls (CR and LF among them) and DEL: never valid in a header or a path segment we build.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// RFC 9110 token: the characters a header name may use.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Throws InvalidArgumentError if `value` holds a control character. The value itself is never repeated. */
export function assertNoControlCharacters(argument: string, value: string): void {
  if (CONTROL_CHARACTER.test(value)) {
    throw new InvalidArgumentError(argument, 'must not contain control characters such as CR or LF');
  }
}

/** Throws InvalidArgumentError unless `name: value` is a header that cannot split or smuggle a request. */
export function assertHeaderValue(name: string, value: unknown): void {
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
    throw new InvalidArgumentError('headers', 'a header name must be an RFC 9110 token (letters, digits and !#$%&\'*+-.^_`|~)');
  }
  if (typeof value !== 'string') throw new InvalidArgumentError(`headers.${name}`, 'must be a string');
  assertNoControlCharacters(`headers.${name}`, value);
}
