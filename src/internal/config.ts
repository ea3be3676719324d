// A client's options, checked once and turned into what every request needs,
// and a call's options, checked on each call: the one place options are read.
import { ElementeError, InvalidArgumentError } from '../errors.js';
import type { AttemptEvent, CallOptions, CallsClientOptions, ResponseValidator } from '../options.js';
import { assertText, assertWholeNumber, checkHeader, checkHeaders, isLoopbackHost, throwInvalid } from './checks.js';
import {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_CREDENTIAL_LENGTH,
  MAX_TIMEOUT_MS,
  VERSION,
} from './defaults.js';
import { type Clean, createCleaner, createRedactor, type Redact } from './redact.js';

export interface ClientConfig {
  /** `https://api.elemente.ai`, or the base URL's origin and path prefix without a trailing slash. */
  baseUrl: string;
  /** The path prefix alone: `''` or `/prefix`. */
  basePath: string;
  /** Sent with every request: the credentials, the user agent and `accept`. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  maxRetries: number;
  maxResponseBytes: number;
  /** The caller's fetch; undefined sends with the global fetch, which then builds the only Request. */
  fetch: CallsClientOptions['fetch'];
  validate: ResponseValidator | undefined;
  /** The caller's hook, told of every attempt; see send.ts. */
  onAttempt: ((event: AttemptEvent) => void) | undefined;
  redact: Redact;
  /** Redaction, then escaping: for every piece of server text an error keeps. */
  clean: Clean;
}

/**
 * The `Authorization` value for HTTP Basic (RFC 7617): `Basic ` and the
 * Base64 of the UTF-8 bytes of `username:password`. The username cannot
 * contain `:` (the first colon ends it); the password can.
 */
export function encodeBasicAuth(username: string, password: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The options each function takes, by name: anything else is a typo, and would silently run with a default. */
const CLIENT_OPTIONS = [
  'username',
  'password',
  'baseUrl',
  'allowInsecureHttp',
  'timeoutMs',
  'maxRetries',
  'maxResponseBytes',
  'validateResponses',
  'fetch',
  'userAgent',
  'onAttempt',
] as const;
const CALL_OPTIONS = ['signal', 'timeoutMs', 'headers'] as const;

/** How many single-character edits turn `a` into `b` (Levenshtein), case aside. */
function distance(a: string, b: string): number {
  const [from, to] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let i = 1; i <= from.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= to.length; j += 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (from[i - 1] === to[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[to.length]!;
}

/** The known name closest to `key`: one that contains it (`retries`: `maxRetries`), else the fewest edits away. */
function closest(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  const containing = known.find((name) => name.toLowerCase().includes(lower) || lower.includes(name.toLowerCase()));
  return containing ?? known.reduce((best, name) => (distance(key, name) < distance(key, best) ? name : best));
}

/** Throws for the first own key of `options` that `known` does not name, suggesting the closest. */
function checkKeys(options: object, known: readonly string[], of: string): void {
  for (const key of Object.keys(options)) if (!known.includes(key)) throwInvalid(key, `is not an option of ${of}; did you mean "${closest(key, known)}"?`);
}

/** Throws unless `value` is undefined or a whole number from 1 (or `min`) to `max`; returns it or the default. */
function wholeNumber(argument: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  assertWholeNumber(argument, value, min, max);
  return value;
}

/** Checks a per-call or client timeout: at most MAX_TIMEOUT_MS, which timers can hold. */
function checkTimeout(argument: string, value: unknown, fallback: number): number {
  return wholeNumber(argument, value, fallback, 1, MAX_TIMEOUT_MS);
}

function resolveBaseUrl(baseUrl: unknown, allowInsecureHttp: boolean): URL {
  assertText('baseUrl', baseUrl);
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    // Reported below with the other shapes that are not a base URL.
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash)
    throwInvalid('baseUrl', 'must be an http(s) URL without query or fragment, such as https://api.elemente.ai');
  // Credentials in the URL would end up in logs and error messages; they belong in username and password.
  if (url.username || url.password) throwInvalid('baseUrl', 'must not contain credentials; pass username and password');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname))
    throwInvalid('baseUrl', 'must use https: (http: sends the credentials in clear), unless allowInsecureHttp is set');
  return url;
}

/**
 * Checks a client's options, throwing InvalidArgumentError for the first bad
 * one, and resolves the defaults. An options object whose getters throw, or a
 * Proxy, is refused as a whole, still with a typed error.
 */
export function createConfig(options: CallsClientOptions | undefined, of = 'createCallsClient'): ClientConfig {
  try {
    return resolveConfig(options, of);
  } catch (error) {
    if (error instanceof ElementeError) throw error;
    throw new InvalidArgumentError('options', 'could not be read');
  }
}

function resolveConfig(options: CallsClientOptions | undefined, of: string): ClientConfig {
  if (options !== undefined && (typeof options !== 'object' || options === null)) throwInvalid('options', 'must be an object');
  if (options) checkKeys(options, CLIENT_OPTIONS, of);
  const { username, password, userAgent = `@elemente/calls-api/${VERSION}`, fetch, validateResponses, onAttempt } = options ?? {};
  const headers: Record<string, string> = { accept: 'application/json' };
  if (username !== undefined || password !== undefined) {
    if (username === undefined || password === undefined)
      throwInvalid(username === undefined ? 'username' : 'password', 'is required when the other credential is given');
    assertText('username', username);
    assertText('password', password);
    // Never echoed: the message gives the limit, not the value or its length.
    for (const [argument, value] of [
      ['username', username],
      ['password', password],
    ] as const)
      if (value.length > MAX_CREDENTIAL_LENGTH) throwInvalid(argument, `must be at most ${MAX_CREDENTIAL_LENGTH} characters`);
    if (username.includes(':')) throwInvalid('username', 'must not contain ":" (RFC 7617); a password may');
    if (username === '' && password === '') throwInvalid('username', 'and password are both empty: pass both, or neither');
    headers.authorization = encodeBasicAuth(username, password);
  }
  headers[checkHeader('user-agent', userAgent)] = userAgent;
  if (fetch !== undefined && typeof fetch !== 'function') throwInvalid('fetch', 'must be a function');
  if (validateResponses !== undefined && validateResponses !== false && typeof validateResponses !== 'function') {
    throwInvalid('validateResponses', "must be the responseValidator from '@elemente/calls-api/validation', or false");
  }
  if (onAttempt !== undefined && typeof onAttempt !== 'function') throwInvalid('onAttempt', 'must be a function');
  const url = resolveBaseUrl(options?.baseUrl ?? DEFAULT_BASE_URL, options?.allowInsecureHttp === true);
  const basePath = url.pathname.replace(/\/$/, '');
  const token = headers.authorization?.slice('Basic '.length);
  const redact = createRedactor({ username, password, token });
  return {
    baseUrl: url.origin + basePath,
    basePath,
    headers,
    timeoutMs: checkTimeout('timeoutMs', options?.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: wholeNumber('maxRetries', options?.maxRetries, DEFAULT_MAX_RETRIES, 0, 10),
    maxResponseBytes: wholeNumber('maxResponseBytes', options?.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1, Number.MAX_SAFE_INTEGER),
    fetch,
    validate: validateResponses || undefined,
    onAttempt,
    redact,
    clean: createCleaner(redact),
  };
}

/** What one call sends with: its signal, its timeout, and the headers of the client with the call's own. */
export interface CallSettings {
  signal: AbortSignal | undefined;
  timeoutMs: number;
  headers: Readonly<Record<string, string>>;
}

/**
 * Checks a call's options against the client's. With nothing to add, the
 * headers are the client's own object: fetch copies them anyway, and a copy
 * per call costs time.
 */
export function resolveCallOptions(config: ClientConfig, options: CallOptions | undefined, hasBody: boolean): CallSettings {
  if (options !== undefined && (typeof options !== 'object' || options === null)) throwInvalid('options', 'must be an object');
  if (options) checkKeys(options, CALL_OPTIONS, 'a call');
  const { signal, timeoutMs, headers } = options ?? {};
  if (signal !== undefined && !(signal instanceof AbortSignal)) throwInvalid('signal', 'must be an AbortSignal');
  const settings: CallSettings = { signal, timeoutMs: checkTimeout('timeoutMs', timeoutMs, config.timeoutMs), headers: config.headers };
  if (headers !== undefined || hasBody) {
    const extra: Record<string, string> = { ...config.headers, ...checkHeaders(headers) };
    if (hasBody) extra['content-type'] ??= 'application/json';
    settings.headers = extra;
  }
  return settings;
}
