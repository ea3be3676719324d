// A client's options, checked once and turned into what every request needs.
import type { CallsClientOptions, ResponseValidator } from '../client.js';
import { assertText, assertWholeNumber, checkHeader, fail, isLoopbackHost } from './checks.js';
import { DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, VERSION } from './defaults.js';
import { createRedactor, type Redact } from './redact.js';

export type FetchFunction = (request: Request) => Promise<Response>;

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
  fetch: FetchFunction | undefined;
  validate: ResponseValidator | undefined;
  redact: Redact;
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

/** Throws unless `value` is undefined or a whole number from 1 (or `min`) to `max`; returns it or the default. */
function wholeNumber(argument: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  assertWholeNumber(argument, value, min, max);
  return value;
}

/** Checks a per-call or client timeout: at most MAX_TIMEOUT_MS, which timers can hold. */
export function checkTimeout(argument: string, value: unknown, fallback: number): number {
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
    fail('baseUrl', 'must be an http(s) URL without query or fragment, such as https://api.elemente.ai');
  // Credentials in the URL would end up in logs and error messages; they belong in username and password.
  if (url.username || url.password) fail('baseUrl', 'must not contain credentials; pass username and password');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname))
    fail('baseUrl', 'must use https: (http: sends the credentials in clear), unless allowInsecureHttp is set');
  return url;
}

/** Checks a client's options, throwing InvalidArgumentError for the first bad one, and resolves the defaults. */
export function resolveConfig(options: CallsClientOptions | undefined): ClientConfig {
  if (options !== undefined && (typeof options !== 'object' || options === null)) fail('options', 'must be an object');
  const { username, password, userAgent = `@elemente/calls-api/${VERSION}`, fetch, validateResponses } = options ?? {};
  const headers: Record<string, string> = { accept: 'application/json' };
  if (username !== undefined || password !== undefined) {
    if (username === undefined || password === undefined)
      fail(username === undefined ? 'username' : 'password', 'is required when the other credential is given');
    assertText('username', username);
    assertText('password', password);
    if (username.includes(':')) fail('username', 'must not contain ":" (RFC 7617); a password may');
    if (username === '' && password === '') fail('username', 'and password are both empty: pass both, or neither');
    headers['authorization'] = encodeBasicAuth(username, password);
  }
  headers[checkHeader('user-agent', userAgent)] = userAgent;
  if (fetch !== undefined && typeof fetch !== 'function') fail('fetch', 'must be a function');
  if (validateResponses !== undefined && typeof validateResponses !== 'function') {
    fail('validateResponses', "must be the responseValidator from '@elemente/calls-api/validation'");
  }
  const url = resolveBaseUrl(options?.baseUrl ?? DEFAULT_BASE_URL, options?.allowInsecureHttp === true);
  const basePath = url.pathname.replace(/\/$/, '');
  const token = headers['authorization']?.slice('Basic '.length);
  return {
    baseUrl: url.origin + basePath,
    basePath,
    headers,
    timeoutMs: checkTimeout('timeoutMs', options?.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: wholeNumber('maxRetries', options?.maxRetries, DEFAULT_MAX_RETRIES, 0, 10),
    maxResponseBytes: wholeNumber('maxResponseBytes', options?.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1, Number.MAX_SAFE_INTEGER),
    fetch,
    validate: validateResponses,
    redact: createRedactor({ username, password, token }),
  };
}
