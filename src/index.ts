// @elemente/calls-api: the client, its option and result types, its errors,
// and the contract's schema types. Every export is named here; nothing else
// in src/ is public. The raw openapi-fetch client, response validation,
// examples and MSW handlers are subpaths of their own.

export type {
  AgentOverride,
  AgentPrompt,
  Call,
  CallChannel,
  CallStatus,
  CreateCallRequest,
  CustomerOverride,
  CustomField,
  DateRange,
  ErrorResponse,
  Message,
  MessageSender,
  PhoneNumber,
  UpdateCallRequest,
} from '../generated/schema.js';
export type { CallsClient } from './client.js';
export { createCallsClient } from './client.js';
export type { ApiErrorDetails, RequestContext, ValidationIssue } from './errors.js';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  ElementeError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitError,
  RedirectError,
  RequestError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  WaitTimeoutError,
} from './errors.js';
export { isFinalStatus } from './internal/statuses.js';
export type { WaitForCallOptions } from './internal/wait.js';
export type { AttemptEvent, CallOptions, CallsClientOptions, ListCallsFilters, ResponseValidator, WithResponse } from './options.js';
