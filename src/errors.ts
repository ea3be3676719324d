// Every error this package throws, on one base class, and the status-to-class
// mapping beside them (ApiError.from).
import type { Call, ErrorResponse } from '../generated/schema.js';

/**
 * The base of every error this package throws. `toJSON()` lists the error's
 * own public fields, so that `JSON.stringify(error)` shows what went wrong and
 * nothing else.
 */
export class ElementeError extends Error {
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && value !== undefined) fields[key] = value;
    }
    return fields;
  }
}

/**
 * Bad input found before anything was sent: nothing left the process.
 * `argument` names the option or parameter at fault; its value is never
 * repeated, since it may be a credential.
 */
export class InvalidArgumentError extends ElementeError {
  declare readonly argument: string;

  constructor(argument: string, problem: string) {
    super(`${argument}: ${problem}`);
    this.argument = argument;
  }
}

/** What every error about a sent request knows about it. */
export interface RequestContext {
  /** The contract's operationId, such as `getCall`; `METHOD /path` for a path outside the contract. */
  operation: string;
  method: string;
  /** The URL path that was requested, without host or query. */
  path: string;
}

/** The base of every error about a request that was sent: it names the operation, method and path. */
export class RequestError extends ElementeError {
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly path: string;

  constructor(context: RequestContext, problem: string, options?: { cause?: unknown }) {
    super(`${context.operation} (${context.method} ${context.path}) ${problem}`, options);
    this.operation = context.operation;
    this.method = context.method;
    this.path = context.path;
  }
}

/** No complete answer arrived: the connection was refused or reset, the host was not found, or the answer was malformed. */
export class ConnectionError extends RequestError {
  /** The system error code when there is one: `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`... */
  declare readonly code: string | undefined;

  constructor(context: RequestContext, reason: string, code: string | undefined, options?: { cause?: unknown }) {
    super(context, `failed: ${reason}`, options);
    this.code = code;
  }
}

/** An attempt took longer than `timeoutMs` (headers and body), and no retry was left. */
export class TimeoutError extends RequestError {
  declare readonly timeoutMs: number;

  constructor(context: RequestContext, timeoutMs: number) {
    super(context, `timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The response body was larger than `maxResponseBytes` (counted after decompression); the rest was not read. */
export class ResponseTooLargeError extends RequestError {
  declare readonly maxResponseBytes: number;

  constructor(context: RequestContext, maxResponseBytes: number) {
    super(context, `answered with a body over maxResponseBytes (${maxResponseBytes} bytes)`);
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** One way in which a response breaks the contract. */
export interface ValidationIssue {
  /** A JSON Pointer into the response body (`/messages/0/status`); `''` is the whole body. */
  path: string;
  message: string;
}

/**
 * A 2xx response that is not what the contract promises: always, a body that
 * is empty or not JSON; with `validateResponses`, a status the operation does
 * not document or a body that breaks its schema.
 */
export class ResponseValidationError extends RequestError {
  declare readonly status: number;
  declare readonly issues: ValidationIssue[];
  declare readonly requestId: string | undefined;

  constructor(context: RequestContext, status: number, issues: ValidationIssue[], requestId: string | undefined) {
    super(context, `answered ${status}, breaking the contract: ${issues.map((issue) => `${issue.path || '(body)'} ${issue.message}`).join('; ')}`);
    this.status = status;
    this.issues = issues;
    this.requestId = requestId;
  }
}

export interface ApiErrorDetails extends RequestContext {
  status: number;
  statusText: string;
  /**
   * The error body: the `ErrorResponse` when the server kept the contract,
   * its text otherwise. Credentials are removed, and a text longer than the
   * client keeps (8 KiB) ends with `[cut]`.
   */
  body: ErrorResponse | string | undefined;
  /** The `x-request-id` header, if the server sent one. */
  requestId: string | undefined;
  /** The wait the server asked for with `Retry-After`, in milliseconds. */
  retryAfterMs: number | undefined;
  /** The text that follows the status in the message: the body's message, escaped. */
  summary: string;
  /** For a redirect: the origin of its `Location`. */
  location?: string | undefined;
}

/** The server answered with a status outside 2xx. `ApiError.from` picks the subclass for a status. */
export class ApiError extends RequestError {
  declare readonly status: number;
  declare readonly body: ErrorResponse | string | undefined;
  declare readonly requestId: string | undefined;
  /** The server's `Retry-After` in milliseconds, on any status that may carry it (429, 503...). */
  declare readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails) {
    const status = `${details.status}${details.statusText ? ` ${details.statusText}` : ''}`;
    super(details, `failed with ${status}${details.summary ? `: ${details.summary}` : ''}`);
    this.status = details.status;
    this.body = details.body;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** The error class the README documents for `details.status`. */
  static from(details: ApiErrorDetails): ApiError {
    return apiErrorFor(details);
  }
}

/** 400 (or 422): the server refused the request as invalid. `messages` lists each problem it named. */
export class BadRequestError extends ApiError {
  declare readonly messages: string[];

  constructor(details: ApiErrorDetails) {
    super(details);
    const { body } = details;
    if (typeof body === 'object') this.messages = Array.isArray(body.message) ? [...body.message] : [body.message];
    else this.messages = body ? [body] : [];
  }
}

/** 401: the credentials are missing or not valid. */
export class AuthenticationError extends ApiError {}

/** 404: nothing has this id. */
export class NotFoundError extends ApiError {}

/** 429: too many requests, once retries are used up. `retryAfterMs` says how long the server asked to wait. */
export class RateLimitError extends ApiError {}

/** 500 or above: the server failed; the request may succeed later. */
export class ServerError extends ApiError {}

/** waitForCall's deadline passed before its condition held. `lastCall` is the call as last read, if any read succeeded. */
export class WaitTimeoutError extends ElementeError {
  declare readonly callId: string;
  declare readonly timeoutMs: number;
  declare readonly lastCall: Call | undefined;

  constructor(callId: string, timeoutMs: number, lastCall: Call | undefined) {
    super(`waitForCall ${callId}: the call did not reach the condition within ${timeoutMs} ms; lastCall holds the call as last read`);
    this.callId = callId;
    this.timeoutMs = timeoutMs;
    this.lastCall = lastCall;
  }
}

/**
 * The ApiError subclass for a status. Outside the class: a class that names
 * itself in its own body is renamed by the build (`_ApiError`), and
 * inspectors print that name.
 */
function apiErrorFor(details: ApiErrorDetails): ApiError {
  const { status } = details;
  if (status < 400) return new RedirectError(details);
  if (status === 400 || status === 422) return new BadRequestError(details);
  if (status === 401) return new AuthenticationError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 429) return new RateLimitError(details);
  if (status >= 500) return new ServerError(details);
  return new ApiError(details);
}

/**
 * A 3xx: the client never follows a redirect (the API documents none, and
 * following one could carry the credentials or the body elsewhere).
 * `location` is the origin the server pointed to, when it named one; never
 * the rest of the URL, which may hold anything.
 */
export class RedirectError extends ApiError {
  declare readonly location: string | undefined;

  constructor(details: ApiErrorDetails) {
    super(details);
    this.location = details.location;
  }
}

/**
 * Each class's name, on its prototype rather than as a class field: the
 * CommonJS build turns class fields into initialisers and then calls the
 * classes `_class1`..., which inspectors print; and a minifier may rename the
 * classes themselves.
 */
for (const [Class, name] of [
  [ElementeError, 'ElementeError'],
  [InvalidArgumentError, 'InvalidArgumentError'],
  [RequestError, 'RequestError'],
  [ConnectionError, 'ConnectionError'],
  [TimeoutError, 'TimeoutError'],
  [ResponseTooLargeError, 'ResponseTooLargeError'],
  [ResponseValidationError, 'ResponseValidationError'],
  [ApiError, 'ApiError'],
  [BadRequestError, 'BadRequestError'],
  [AuthenticationError, 'AuthenticationError'],
  [NotFoundError, 'NotFoundError'],
  [RateLimitError, 'RateLimitError'],
  [ServerError, 'ServerError'],
  [RedirectError, 'RedirectError'],
  [WaitTimeoutError, 'WaitTimeoutError'],
] as const) {
  Class.prototype.name = name;
}
