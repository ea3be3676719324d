// Keeping credentials, and characters that could forge a log line, out of
// every string the client puts into an error.
import { MIN_REDACTED_LENGTH } from './defaults.js';

/** What stands in for a credential found in text. */
export const REDACTED = '[redacted]';

/** Removes the client's credentials, in every form the client knows, from a text. */
export type Redact = (text: string) => string;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The forms in which a server or proxy may echo a secret back: as sent, in
 * a JSON string (with `/` escaped or not), and percent-encoded (either hex
 * case: the pattern ignores case).
 */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, json, json.replace(/\//g, '\\/'), encodeURIComponent(secret)];
}

/**
 * A function that replaces the credentials wherever they occur in a text:
 * the username, the password and `username:password` (each when at least
 * MIN_REDACTED_LENGTH long),
 * and the Basic token, padded or not, in Base64 or Base64url, each raw,
 * JSON-escaped or percent-encoded, in any letter case.
 */
export function createRedactor(secrets: { username?: string | undefined; password?: string | undefined; token?: string | undefined }): Redact {
  const { username, password, token } = secrets;
  const needles = new Set<string>();
  const pair = username === undefined || password === undefined ? undefined : `${username}:${password}`;
  for (const secret of [username, password, pair]) {
    if (secret !== undefined && secret.length >= MIN_REDACTED_LENGTH) for (const form of formsOf(secret)) needles.add(form);
  }
  if (token !== undefined) {
    const unpadded = token.replace(/=+$/, '');
    for (const variant of [token, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')]) for (const form of formsOf(variant)) needles.add(form);
  }
  if (needles.size === 0) return (text) => text;
  // Longest first, so that a token is replaced whole before a password inside it.
  const pattern = new RegExp(
    [...needles]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'gi',
  );
  return (text) => text.replace(pattern, REDACTED);
}

/**
 * Characters that could forge or hide a log line when a message is printed:
 * C0 and C1 controls (CR, LF, ESC...), DEL, the Unicode line and paragraph
 * separators, and the bidirectional overrides.
 */
const UNSAFE_IN_LOG = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Characters a ByteString cannot hold. */
const BEYOND_LATIN_1 = /[^\u0000-\u00ff]/g;

/** A JSON string literal: the quotes, and any character or escape between them. */
const JSON_STRING = /"(?:[^"\\]|\\[\s\S])*"/g;

/**
 * `text` with the credentials also removed from inside its JSON string
 * literals, keys included: escapes (`\u0070...`) can spell a credential that
 * the search of the text missed, and whoever parses the text (openapi-fetch,
 * for the raw client's error bodies) would decode them.
 * Each literal is decoded alone, so that no depth of nesting matters.
 */
export function redactJsonStrings(text: string, redact: Redact): string {
  return text.replace(JSON_STRING, (literal) => {
    let value: unknown;
    try {
      value = JSON.parse(literal);
    } catch {
      return literal;
    }
    const clean = redact(value as string);
    return clean === value ? literal : JSON.stringify(clean);
  });
}

/** `text` with every character that `pattern` (a global pattern) matches written as a `\uXXXX` escape. */
function escapeMatches(text: string, pattern: RegExp): string {
  return text.replace(pattern, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` with every character that could forge a log line written as a `\uXXXX` escape. */
export function escapeForLog(text: string): string {
  return escapeMatches(text, UNSAFE_IN_LOG);
}

/**
 * `text` as a ByteString, which a Response's statusText must be: every
 * character beyond U+00FF written as a `\uXXXX` escape.
 */
export function toByteString(text: string): string {
  return escapeMatches(text, BEYOND_LATIN_1);
}

/** Removes the credentials from server text and escapes what could forge a log line: what every error keeps of what the server sent. */
export type Clean = (text: string) => string;

/** The one Clean of a client: redaction, then escaping. */
export function createCleaner(redact: Redact): Clean {
  return (text) => escapeForLog(redact(text));
}

/** How many causes deep a sanitised copy goes: undici nests two (TypeError, then the socket error). */
const MAX_CAUSE_DEPTH = 3;

/**
 * A sanitised copy of a thrown value, for an error's `cause`: an Error with
 * only the name, the system `code` and the redacted, escaped message, and
 * the same for its own cause. Never the original, whose other fields (such
 * as undici's parser errors' `data`) may hold the bytes of the exchange.
 */
export function sanitizeCause(thrown: unknown, clean: Clean, depth = 0): Error | undefined {
  if (thrown === undefined || thrown === null || depth >= MAX_CAUSE_DEPTH) return undefined;
  let name: unknown;
  let message: unknown;
  let code: unknown;
  let cause: unknown;
  try {
    ({ name, message, code, cause } = thrown as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown });
  } catch {
    // A Proxy or a getter that throws: what was read so far is all there is.
  }
  // A thrown primitive is its own message; String() of a primitive cannot throw.
  const text = typeof message === 'string' ? message : typeof thrown === 'object' || typeof thrown === 'function' ? '' : String(thrown);
  const copy = new Error(clean(text)) as Error & { code?: string };
  copy.name = typeof name === 'string' ? clean(name) : 'Error';
  if (typeof code === 'string') copy.code = clean(code);
  // The stack would only list this function's callers; the header says all there is.
  copy.stack = `${copy.name}: ${copy.message}`;
  const inner = sanitizeCause(cause, clean, depth + 1);
  if (inner) copy.cause = inner;
  return copy;
}
