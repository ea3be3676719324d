import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

// C0 controls (CR and LF among them) and DEL: never valid in a header or a path segment we build.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// fetch sends header values as bytes (a WebIDL ByteString): nothing above U+00FF.
const BEYOND_BYTE = /[^\u0000-\u00ff]/;
// A UTF-16 surrogate without its pair: not a character, and no encoding can send it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Throws InvalidArgumentError if `value` is not well-formed Unicode. The value itself is never repeated. */
export function assertWellFormed(argument: string, value: string): void {
  if (LONE_SURROGATE.test(value)) throw new InvalidArgumentError(argument, 'must be well-formed Unicode (it holds a lone surrogate)');
}
// RFC 9110 token: the characters a header name may use.
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

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
  if (BEYOND_BYTE.test(value)) {
    throw new InvalidArgumentError(`headers.${name}`, 'must hold only characters up to U+00FF, which fetch can send; percent-encode others');
  }
}
