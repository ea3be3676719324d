// Keeping credentials, and characters that could forge a log line, out of
// every string the client puts into an error.
import { MIN_REDACTED_LENGTH, MIN_REDACTED_PREFIX } from './defaults.js';

/** What stands in for a credential found in text. */
export const REDACTED = '[redacted]';

/** Removes the client's credentials, in every form the client knows, from a text. */
export type Redact = (text: string) => string;

/**
 * The forms in which a server or proxy may echo a secret back: as sent, in
 * a JSON string (with `/` escaped or not), and percent-encoded.
 */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, json, json.replace(/\//g, '\\/'), encodeURIComponent(secret)];
}

/**
 * `text` with each UTF-16 unit in lower case where that keeps it one unit, so
 * that positions in the folded text are positions in `text`. Unit by unit,
 * so that no context (a Greek final sigma) folds the same letter two ways.
 */
function fold(text: string): string {
  if (/^[\u0000-\u007f]*$/.test(text)) return text.toLowerCase();
  let folded = '';
  for (const unit of text.split('')) {
    const lower = unit.toLowerCase();
    folded += lower.length === 1 ? lower : unit;
  }
  return folded;
}

/** A form of a credential, folded, with its Knuth-Morris-Pratt table: `fallback[i]` is the longest proper border of its first i + 1 units. */
interface Needle {
  text: string;
  fallback: Int32Array;
}

function toNeedle(form: string): Needle {
  const text = fold(form);
  const fallback = new Int32Array(text.length);
  for (let index = 1, border = 0; index < text.length; index += 1) {
    while (border > 0 && text[index] !== text[border]) border = fallback[border - 1]!;
    if (text[index] === text[border]) border += 1;
    fallback[index] = border;
  }
  return { text, fallback };
}

/**
 * Adds to `spans` every occurrence of `needle` in `text`, and the end of
 * `text` when it is the start of the needle, MIN_REDACTED_PREFIX units or
 * more: what is left of a credential cut short, by the client's own limit
 * or by the server. One pass, linear in the text and the needle.
 */
function findIn(text: string, needle: Needle, spans: Array<[number, number]>): void {
  const { text: pattern, fallback } = needle;
  let matched = 0;
  for (let index = 0; index < text.length; index += 1) {
    while (matched > 0 && text[index] !== pattern[matched]) matched = fallback[matched - 1]!;
    if (text[index] === pattern[matched]) matched += 1;
    if (matched === pattern.length) {
      spans.push([index + 1 - matched, index + 1]);
      matched = fallback[matched - 1]!;
    }
  }
  if (matched >= MIN_REDACTED_PREFIX) spans.push([text.length - matched, text.length]);
}

/**
 * A function that replaces the credentials wherever they occur in a text:
 * the username, the password and `username:password` (each when at least
 * MIN_REDACTED_LENGTH long), and the Basic token, padded or not, in Base64
 * or Base64url, each raw, JSON-escaped or percent-encoded, in any letter
 * case; and a text that ends with the start of any of them. No regular
 * expression is built from a credential: its size would be the
 * credential's, and its errors would quote it.
 */
export function createRedactor(secrets: { username?: string | undefined; password?: string | undefined; token?: string | undefined }): Redact {
  const { username, password, token } = secrets;
  const forms = new Set<string>();
  const pair = username === undefined || password === undefined ? undefined : `${username}:${password}`;
  for (const secret of [username, password, pair]) {
    if (secret !== undefined && secret.length >= MIN_REDACTED_LENGTH) for (const form of formsOf(secret)) forms.add(form);
  }
  if (token !== undefined) {
    const unpadded = token.replace(/=+$/, '');
    for (const variant of [token, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')]) for (const form of formsOf(variant)) forms.add(form);
  }
  const needles = [...new Set([...forms].map(fold))].map(toNeedle);
  if (needles.length === 0) return (text) => text;
  return (text) => {
    const folded = fold(text);
    const spans: Array<[number, number]> = [];
    for (const needle of needles) findIn(folded, needle, spans);
    if (spans.length === 0) return text;
    spans.sort((a, b) => a[0] - b[0]);
    let clean = '';
    let kept = 0;
    for (const [start, end] of spans) {
      if (end <= kept) continue;
      if (start >= kept) clean += text.slice(kept, start) + REDACTED;
      kept = end;
    }
    return clean + text.slice(kept);
  };
}

/**
 * Characters that could forge or hide a log line when a message is printed:
 * C0 and C1 controls (CR, LF, ESC...), DEL, the Unicode line and paragraph
 * separators, and the bidirectional overrides.
 */
const UNSAFE_IN_LOG = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Characters a ByteString cannot hold. */
const BEYOND_LATIN_1 = /[^\u0000-\u00ff]/g;

/** A JSON string literal: the quotes, and any character or escape between them; or the last one, cut before its closing quote. */
const JSON_STRING = /"(?:[^"\\]|\\[\s\S])*("|$)/g;

/**
 * `text` with the credentials also removed from inside its JSON string
 * literals, keys included: escapes (`\u0070...`) can spell a credential that
 * the search of the text missed, and whoever parses the text (openapi-fetch,
 * for the raw client's error bodies) would decode them.
 * Each literal is decoded alone, so that no depth of nesting matters.
 */
export function redactJsonStrings(text: string, redact: Redact): string {
  return text.replace(JSON_STRING, (literal, end: string) => {
    let value: unknown;
    // A literal cut short is read up to its last whole escape, so that an escaped credential cut in half is found too.
    const cut = end !== '"';
    try {
      value = JSON.parse(cut ? `${literal.replace(/\\(?:u[0-9a-fA-F]{0,3})?$/, '')}"` : literal);
    } catch {
      return literal;
    }
    const clean = redact(value as string);
    if (clean === value) return literal;
    return cut ? JSON.stringify(clean).slice(0, -1) : JSON.stringify(clean);
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
