import createClient, { type Client } from 'openapi-fetch';
import type { Call, ErrorResponse, UpdateCallRequest, paths } from '../generated/schema.js';
import { DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './defaults.js';
import { ApiError, type ApiErrorDetails } from './errors/ApiError.js';
import { AuthenticationError } from './errors/AuthenticationError.js';
import { BadRequestError } from './errors/BadRequestError.js';
import { ElementeError } from './errors/ElementeError.js';
import { InvalidArgumentError } from './errors/InvalidArgumentError.js';
import { NotFoundError } from './errors/NotFoundError.js';
import { RateLimitError } from './errors/RateLimitError.js';
import type { RequestContext } from './errors/RequestError.js';
import { ResponseValidationError } from './errors/ResponseValidationError.js';
import { ServerError } from './errors/ServerError.js';
import { assertCallId } from './helpers/assertCallId.js';
import { assertHeaderValue, assertNoControlCharacters, assertWellFormed } from './helpers/assertHeaderValue.js';
import { assertUpdateBody } from './helpers/assertUpdateBody.js';
import { createRedactor } from './helpers/createRedactor.js';
import { encodeBasicAuth } from './helpers/encodeBasicAuth.js';
import { isLoopbackHost } from './helpers/isLoopbackHost.js';
import { parseRetryAfter } from './helpers/parseRetryAfter.js';
import type { ResponseValidator } from './response-validator.js';
import { createTransport, send, type FetchFunction, type TransportSettings } from './transport.js';
import { VERSION } from './version.js';

export interface CallsClientOptions {
  /** The Basic-auth username. It cannot contain `:`. Omit both username and password to send no credentials. */
  username?: string | undefined;
  /** The Basic-auth password. It may contain `:` and any non-control character. */
  password?: string | undefined;
  /** Default `https://api.elemente.ai`. A path prefix is kept: `https://gateway.example/elemente`. */
  baseUrl?: string | undefined;
  /** Time allowed for each attempt, headers and body, in milliseconds. Default 30,000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, for connection failures, timeouts, 408, 429, 502, 503 and 504. Default 2. */
  maxRetries?: number | undefined;
  /** Check every 2xx body against the contract (needs the optional peer dependencies ajv and ajv-formats). Default false. */
  validateResponses?: boolean | undefined;
  /** The fetch to send with; default `globalThis.fetch`. */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** The `User-Agent` to send (where the platform allows it). Default `@elemente/calls-api/<version>`. */
  userAgent?: string | undefined;
  /** Allow `http:` to a host other than loopback, which sends the credentials in clear. Default false. */
  allowInsecureHttp?: boolean | undefined;
}

/** Options for one call. */
export interface CallOptions {
  /** Aborts the call, retries and waits included; the rejection is the signal's reason, not a TimeoutError. */
  signal?: AbortSignal | undefined;
  /** Replaces the client's `timeoutMs` for this call. */
  timeoutMs?: number | undefined;
  /** Extra headers, such as `Prefer` for the Prism mock or an `x-request-id` of yours. */
  headers?: Record<string, string> | undefined;
}

export interface CallsClient {
  /** GET /api/v1/calls/{id}: the call with this id. */
  getCall(id: string, options?: CallOptions): Promise<Call>;
  /** PUT /api/v1/calls/{id}: changes the fields in `body` and returns the call after the update. */
  updateCall(id: string, body: UpdateCallRequest, options?: CallOptions): Promise<Call>;
  /** The openapi-fetch client underneath, with the same credentials, timeout and retries, for its `{ data, error, response }` results. */
  readonly raw: Client<paths, 'application/json'>;
}

interface ResolvedOptions {
  baseUrl: URL;
  settings: TransportSettings;
  validateResponses: boolean;
  /** Removes the credentials from anything the server sends back before it goes into an error. */
  redact: <T>(value: T) => T;
}

function assertDuration(argument: string, value: unknown, { allowZero }: { allowZero: boolean }): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new InvalidArgumentError(argument, allowZero ? 'must be a whole number, 0 or more' : 'must be a whole number of milliseconds, 1 or more');
  }
}

function resolveBaseUrl(baseUrl: string, allowInsecureHttp: boolean): URL {
  if (typeof baseUrl !== 'string') throw new InvalidArgumentError('baseUrl', 'must be a string');
  assertNoControlCharacters('baseUrl', baseUrl);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InvalidArgumentError('baseUrl', 'must be an absolute http(s) URL such as https://api.elemente.ai');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentError('baseUrl', 'must use https: (or http: to loopback)');
  // Credentials in the URL would end up in logs and error messages; they belong in username/password.
  if (url.username || url.password) throw new InvalidArgumentError('baseUrl', 'must not contain credentials; pass username and password instead');
  if (url.search || url.hash) throw new InvalidArgumentError('baseUrl', 'must not have a query or a fragment');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new InvalidArgumentError('baseUrl', `http: to ${url.hostname} would send the credentials in clear; use https:, or set allowInsecureHttp`);
  }
  return url;
}

function resolveOptions(options: CallsClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'must be an object');
  const { username, password, timeoutMs = DEFAULT_TIMEOUT_MS, maxRetries = DEFAULT_MAX_RETRIES } = options;
  if ((username === undefined) !== (password === undefined)) {
    throw new InvalidArgumentError(username === undefined ? 'username' : 'password', 'is required when the other credential is given');
  }
  assertDuration('timeoutMs', timeoutMs, { allowZero: false });
  assertDuration('maxRetries', maxRetries, { allowZero: true });
  const userAgent = options.userAgent ?? `@elemente/calls-api/${VERSION}`;
  assertHeaderValue('user-agent', userAgent);
  const fetchImpl = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  if (typeof fetchImpl !== 'function') throw new InvalidArgumentError('fetch', 'must be a function');
  const baseUrl = resolveBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, options.allowInsecureHttp === true);
  const authorization = username === undefined || password === undefined ? undefined : encodeBasicAuth(username, password);
  return {
    baseUrl,
    validateResponses: options.validateResponses === true,
    redact: createRedactor([authorization?.slice('Basic '.length), password]),
    settings: {
      fetch: fetchImpl as FetchFunction,
      authorization,
      userAgent,
      timeoutMs,
      maxRetries,
      basePath: baseUrl.pathname,
    },
  };
}

/**
 * Serializes path parameters for openapi-fetch: every value percent-encoded,
 * and none that is empty or a dot segment (`.`, `..`), which URL parsing
 * would resolve into a different path.
 */
function serializePath(pathname: string, params: Record<string, unknown> | undefined): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = params?.[name];
    if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidArgumentError(name, 'is required and must be a string');
    const text = String(value);
    assertNoControlCharacters(name, text);
    // encodeURIComponent throws a URIError on a lone surrogate.
    assertWellFormed(name, text);
    const encoded = encodeURIComponent(text);
    if (encoded === '' || /^(\.|%2e){1,2}$/i.test(encoded)) throw new InvalidArgumentError(name, 'must not be empty, "." or ".."');
    return encoded;
  });
}

/**
 * The error body as the contract types it: the parsed `ErrorResponse`, or
 * the text for anything else (an HTML page, or JSON of another shape).
 */
function toErrorBody(parsed: unknown): ErrorResponse | string | undefined {
  if (parsed === undefined || typeof parsed === 'string' || isErrorResponse(parsed)) return parsed;
  return JSON.stringify(parsed);
}

/** An error body as openapi-fetch reads one: JSON if it parses, the text otherwise. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The error for a non-2xx answer; whatever the server sent is redacted first. */
function toApiError(context: RequestContext, response: Response, error: unknown, redact: <T>(value: T) => T): ApiError {
  const details: ApiErrorDetails = {
    ...context,
    status: response.status,
    statusText: redact(response.statusText),
    // Redacted after toErrorBody, which may turn parsed JSON back into text.
    body: redact(toErrorBody(redact(error))),
    requestId: response.headers.get('x-request-id') ?? undefined,
  };
  const { status } = response;
  if (status === 400 || status === 422) return new BadRequestError(details);
  if (status === 401) return new AuthenticationError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 429) return new RateLimitError(details, parseRetryAfter(response.headers.get('retry-after')));
  if (status >= 500) return new ServerError(details);
  return new ApiError(details);
}

function isErrorResponse(value: unknown): value is ErrorResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { statusCode, message } = value as Record<string, unknown>;
  return typeof statusCode === 'number' && (typeof message === 'string' || (Array.isArray(message) && message.every((m) => typeof m === 'string')));
}

const UTF8 = new TextDecoder();

function loadValidator(): Promise<ResponseValidator> {
  return import('./response-validator.js').then(
    (module) => module.createResponseValidator(),
    (error: unknown) => {
      throw new ElementeError('validateResponses needs the optional peer dependencies ajv and ajv-formats: npm install ajv ajv-formats', { cause: error });
    },
  );
}

/** Creates a client for the Calls API. Bad options throw InvalidArgumentError here, before anything is sent. */
export function createCallsClient(options: CallsClientOptions): CallsClient {
  const { baseUrl, settings, validateResponses, redact } = resolveOptions(options);
  const basePathPrefix = baseUrl.pathname.replace(/\/$/, '');
  const raw = createClient<paths, 'application/json'>({
    baseUrl: `${baseUrl.origin}${basePathPrefix}`,
    fetch: createTransport(settings),
    pathSerializer: serializePath,
  });
  let validator: Promise<ResponseValidator> | undefined;
  if (validateResponses) {
    validator = loadValidator();
    // Surfaces on the first call that needs it, not as an unhandled rejection now.
    validator.catch(() => undefined);
  }

  /** Checks a call's options and turns them into what `send` takes. */
  function prepare(callOptions: CallOptions | undefined) {
    const { signal, timeoutMs, headers = {} } = callOptions ?? {};
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new InvalidArgumentError('signal', 'must be an AbortSignal');
    if (timeoutMs !== undefined) assertDuration('timeoutMs', timeoutMs, { allowZero: false });
    if (typeof headers !== 'object' || headers === null) throw new InvalidArgumentError('headers', 'must be an object of strings');
    for (const [name, value] of Object.entries(headers)) {
      assertHeaderValue(name, value);
      if (name.toLowerCase() === 'authorization') throw new InvalidArgumentError('headers', 'must not set authorization; pass username and password to the client');
    }
    return { signal, timeoutMs: timeoutMs ?? settings.timeoutMs, headers: new Headers(headers) };
  }

  /**
   * Sends one of the contract's operations on a call and returns the call.
   * openapi-fetch adds nothing here that the contract needs (one path, one
   * JSON body), and going around it saves a Request and a Response per call;
   * `raw` keeps it, with the same transport.
   */
  async function sendCallOperation(
    operation: 'getCall' | 'updateCall',
    id: string,
    body: UpdateCallRequest | undefined,
    callOptions: CallOptions | undefined,
  ): Promise<Call> {
    const { signal, timeoutMs, headers } = prepare(callOptions);
    const method = operation === 'getCall' ? 'GET' : 'PUT';
    // The id is a checked UUID; it is encoded all the same, as raw's path serializer does.
    const path = `${basePathPrefix}/api/v1/calls/${encodeURIComponent(id)}`;
    const context: RequestContext = { operation, method, path };
    if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const request = { method, url: `${baseUrl.origin}${path}`, headers, body: body === undefined ? undefined : JSON.stringify(body), signal };
    const { response, body: bytes } = await send(settings, request, context, timeoutMs);
    const text = bytes === null ? '' : UTF8.decode(bytes);
    if (!response.ok) throw toApiError(context, response, parseErrorBody(text), redact);
    const requestId = response.headers.get('x-request-id') ?? undefined;
    let call: unknown;
    try {
      call = JSON.parse(text);
    } catch {
      // JSON.parse's own message quotes the start of the text, which may be an echo of the request:
      // say what is wrong without repeating any of it.
      const problem = text.trim() === '' ? 'is empty; a JSON body was expected' : 'is not valid JSON';
      throw new ResponseValidationError(context, response.status, [{ path: '', message: problem }], requestId);
    }
    if (validator) {
      const issues = (await validator)(operation, response.status, call);
      if (issues.length > 0) throw new ResponseValidationError(context, response.status, issues, requestId);
    }
    return call as Call;
  }

  return {
    raw,
    async getCall(id, callOptions) {
      assertCallId(id);
      return sendCallOperation('getCall', id, undefined, callOptions);
    },
    async updateCall(id, body, callOptions) {
      assertCallId(id);
      assertUpdateBody(body);
      return sendCallOperation('updateCall', id, body, callOptions);
    },
  };
}
