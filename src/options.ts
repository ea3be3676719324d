// The options a caller passes: to createCallsClient and createRawClient, and
// to each call. Types only; they are checked in internal/config.ts.
import type { operations } from '../generated/schema.js';
import type { ElementeError, ValidationIssue } from './errors.js';

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
   * Check every 2xx answer against the contract: pass `responseValidator` from `@elemente/calls-api/validation`; `false` is off.
   * @default undefined (not checked)
   */
  validateResponses?: ResponseValidator | false | undefined;
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
  /**
   * Told of every attempt, for logging, metrics and tracing; the event holds no credential. What the hook
   * throws or returns does not change the call.
   */
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
}

/** One attempt of a call, as `onAttempt` is told of it. */
export interface AttemptEvent {
  /** The contract's operationId, such as `getCall`; `METHOD /path` for a raw request outside the contract. */
  operation: string;
  method: string;
  /** The URL path requested, the call's id included, without host or query. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** `retry` when another attempt follows; `error` when the call fails with this attempt (an error status, or no answer). */
  outcome: 'ok' | 'retry' | 'error';
  /** The answer's status, where an answer came. */
  status?: number;
  /** The server's `x-request-id`, where it sent one. */
  requestId?: string;
  /** From sending the request to reading the last byte of the answer, or to the failure. */
  durationMs: number;
  /** When a retry is scheduled: the wait before it. */
  retryInMs?: number;
  /** The error the attempt ended with, when it failed. */
  error?: ElementeError;
}

/** What a `withResponse` method resolves to: the data, and what came with it. */
export interface WithResponse<Data> {
  data: Data;
  status: number;
  /** A copy of the answer's headers. */
  headers: Headers;
  /** The server's `x-request-id`, as errors carry it. */
  requestId: string | undefined;
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
