// The public API of @elemente/calls-api. Every export is named here.
export { createCallsClient } from './client.js';
export type { CallOptions, CallsClient, CallsClientOptions } from './client.js';

export type {
  Call,
  CallStatus,
  ErrorResponse,
  Message,
  MessageSender,
  PhoneNumber,
  UpdateCallRequest,
  components,
  operations,
  paths,
} from '../generated/schema.js';

export { ElementeError } from './errors/ElementeError.js';
export { RequestError } from './errors/RequestError.js';
export type { RequestContext } from './errors/RequestError.js';
export { ApiError } from './errors/ApiError.js';
export type { ApiErrorDetails } from './errors/ApiError.js';
export { BadRequestError } from './errors/BadRequestError.js';
export { AuthenticationError } from './errors/AuthenticationError.js';
export { NotFoundError } from './errors/NotFoundError.js';
export { RateLimitError } from './errors/RateLimitError.js';
export { ServerError } from './errors/ServerError.js';
export { ConnectionError } from './errors/ConnectionError.js';
export { TimeoutError } from './errors/TimeoutError.js';
export { ResponseValidationError } from './errors/ResponseValidationError.js';
export type { ValidationIssue } from './errors/ResponseValidationError.js';
export { InvalidArgumentError } from './errors/InvalidArgumentError.js';

export { encodeBasicAuth } from './helpers/encodeBasicAuth.js';
export { parseRetryAfter } from './helpers/parseRetryAfter.js';
export { computeBackoff } from './helpers/computeBackoff.js';
export { isLoopbackHost } from './helpers/isLoopbackHost.js';

export {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_RETRY_AFTER_MS,
  RETRYABLE_STATUSES,
} from './defaults.js';
