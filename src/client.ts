// createCallsClient: the contract's operations as methods that return the
// data and throw typed errors.
import type { Call, CreateCallRequest, operations, UpdateCallRequest } from '../generated/schema.js';
import { ElementeError, InvalidArgumentError, type ValidationIssue } from './errors.js';
import { readAnswer } from './internal/answer.js';
import { assertCallId, checkCreateBody, checkHeaders, checkListFilters, checkUpdateBody, fail } from './internal/checks.js';
import { type ClientConfig, checkTimeout, resolveConfig } from './internal/config.js';
import { sanitizeCause } from './internal/redact.js';
import { type Exchange, send } from './internal/send.js';

/**
 * Checks a 2xx answer of an operation against the contract and returns the
 * problems found (none when it keeps it). The one to pass is
 * `responseValidator` from `@elemente/calls-api/validation`.
 */
export type ResponseValidator = (operation: string, status: number, body: unknown) => ValidationIssue[];

export interface CallsClientOptions {
  /** The Basic-auth username. It cannot contain `:`. Omit both username and password to send no credentials. */
  username?: string | undefined;
  /** The Basic-auth password. It may contain `:` and any character but controls (HTAB excepted). */
  password?: string | undefined;
  /**
   * The server. A path prefix is kept (`https://gateway.example/elemente`); `http:` is refused except to this machine.
   * @default 'https://api.elemente.ai'
   */
  baseUrl?: string | undefined;
  /**
   * Allow `http:` to a host other than this machine, which sends the credentials in clear.
   * @default false
   */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Time allowed for each attempt, headers and body, in milliseconds: 1 to 2,147,483,647.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Retries after the first attempt (0 to 10); see the README for what is retried.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * The largest response body read, in bytes after decompression; a larger one throws ResponseTooLargeError.
   * @default 33554432 (32 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * Check every 2xx answer against the contract: pass `responseValidator` from `@elemente/calls-api/validation`.
   * @default undefined (not checked)
   */
  validateResponses?: ResponseValidator | undefined;
  /**
   * The fetch to send with; it receives a Request.
   * @default globalThis.fetch
   */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /**
   * The `User-Agent` to send, where the platform allows it.
   * @default '@elemente/calls-api/<version>'
   */
  userAgent?: string | undefined;
}

/** Options for one call. */
export interface CallOptions {
  /** Aborts the call, its retries and its waits; the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Replaces the client's `timeoutMs` for this call. */
  timeoutMs?: number | undefined;
  /** Extra headers, such as `Prefer` for the mock or an `x-request-id` of yours; not `authorization` or hop-by-hop ones. */
  headers?: Record<string, string> | Headers | Array<[string, string]> | undefined;
}

/** The filters of listCalls, as the contract types them: every one optional. */
export type ListCallsFilters = NonNullable<operations['listCalls']['parameters']['query']>;

export interface CallsClient {
  /** `GET /api/v1/calls/{id}`: the call with this id. */
  getCall(id: string, options?: CallOptions): Promise<Call>;
  /** `PUT /api/v1/calls/{id}`: changes the fields in `body` and returns the call after the update. */
  updateCall(id: string, body: UpdateCallRequest, options?: CallOptions): Promise<Call>;
  /**
   * `GET /api/v1/calls`: the calls that match every filter given (all calls without one), as one
   * array; no pagination is published. Filters are checked before sending.
   */
  listCalls(filters?: ListCallsFilters, options?: CallOptions): Promise<Call[]>;
  /**
   * `POST /api/v1/calls`: starts a call and returns it. Sent again only when it provably never
   * reached the API (a refused connection, a failed DNS lookup, or a 429): a repeated create could
   * ring a customer twice.
   */
  createCall(body: CreateCallRequest, options?: CallOptions): Promise<Call>;
}

interface Operation {
  method: string;
  /** The path after the base URL, its parameters already encoded. */
  path: string;
  query?: string;
  body?: unknown;
  idempotent?: boolean;
}

/**
 * Sends the operation `describe` returns and returns the parsed 2xx body.
 * The input checks run inside `describe`, so that whatever a caller passes
 * (a getter that throws, say) ends as an ElementeError too.
 */
async function perform(config: ClientConfig, name: string, options: CallOptions | undefined, describe: () => Operation): Promise<unknown> {
  let signal: unknown;
  try {
    const { timeoutMs, headers } = options ?? {};
    signal = options?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) fail('signal', 'must be an AbortSignal');
    const operation = describe();
    const timeout = checkTimeout('timeoutMs', timeoutMs, config.timeoutMs);
    const body = operation.body === undefined ? undefined : JSON.stringify(operation.body);
    // The client's own headers as they are when nothing is added: fetch copies them, and a copy per call costs time.
    let sent = config.headers;
    if (headers !== undefined || body !== undefined) {
      const extra: Record<string, string> = { ...config.headers, ...checkHeaders(headers) };
      if (body !== undefined) extra['content-type'] ??= 'application/json';
      sent = extra;
    }
    const exchange: Exchange = {
      operation: name,
      method: operation.method,
      path: config.basePath + operation.path,
      url: config.baseUrl + operation.path + (operation.query ?? ''),
      headers: sent,
      body,
      idempotent: operation.idempotent ?? true,
    };
    return readAnswer(config, exchange, await send(config, exchange, signal as AbortSignal | undefined, timeout));
  } catch (error) {
    // The promise: every failure is an ElementeError, except the caller's own abort reason.
    if (error instanceof ElementeError || (signal instanceof AbortSignal && signal.aborted && error === signal.reason)) throw error;
    const cause = sanitizeCause(error, config.redact);
    throw new ElementeError(`${name} failed unexpectedly: ${cause?.message ?? ''}`, { cause });
  }
}

/** Creates a client for the Calls API. Bad options throw InvalidArgumentError here, before anything is sent. */
export function createCallsClient(options?: CallsClientOptions): CallsClient {
  let config: ClientConfig;
  try {
    config = resolveConfig(options);
  } catch (error) {
    // An options object whose getters throw, or a Proxy: still a typed error.
    if (error instanceof ElementeError) throw error;
    throw new InvalidArgumentError('options', 'could not be read');
  }
  return {
    getCall(id, callOptions) {
      return perform(config, 'getCall', callOptions, () => {
        assertCallId(id);
        return { method: 'GET', path: `/api/v1/calls/${id}` };
      }) as Promise<Call>;
    },
    updateCall(id, body, callOptions) {
      return perform(config, 'updateCall', callOptions, () => {
        assertCallId(id);
        return { method: 'PUT', path: `/api/v1/calls/${id}`, body: checkUpdateBody(body) };
      }) as Promise<Call>;
    },
    listCalls(filters, callOptions) {
      return perform(config, 'listCalls', callOptions, () => ({ method: 'GET', path: '/api/v1/calls', query: checkListFilters(filters) })) as Promise<Call[]>;
    },
    createCall(body, callOptions) {
      return perform(config, 'createCall', callOptions, () => ({
        method: 'POST',
        path: '/api/v1/calls',
        body: checkCreateBody(body),
        idempotent: false,
      })) as Promise<Call>;
    },
  };
}
