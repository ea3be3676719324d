// Turning what the server answered into what a caller gets: the parsed body
// of a 2xx, or the fields of an ApiError, with the credentials removed and
// every character that could forge a log line escaped.
import type { ErrorResponse } from '../../generated/schema.js';
import { ApiError, type ApiErrorDetails, type RequestContext, ResponseValidationError } from '../errors.js';
import type { ClientConfig } from './config.js';
import { MAX_ERROR_BODY_BYTES } from './defaults.js';
import { escapeForLog } from './redact.js';
import { parseRetryAfter } from './retry.js';
import type { Received } from './send.js';

/** How much of a non-JSON error body (an HTML page, say) goes into the message. */
const MAX_SUMMARY_LENGTH = 200;
/** How much of a request id is kept: a real one is a UUID or a short token. */
const MAX_REQUEST_ID_LENGTH = 200;
/** Ends an error body cut at MAX_ERROR_BODY_BYTES. */
export const CUT_MARKER = ` [cut at ${MAX_ERROR_BODY_BYTES} bytes]`;

/** The `x-request-id` the server sent, redacted, escaped and bounded. */
export function requestIdOf(config: ClientConfig, headers: Headers): string | undefined {
  const id = headers.get('x-request-id');
  return id === null ? undefined : escapeForLog(config.redact(id.slice(0, MAX_REQUEST_ID_LENGTH)));
}

/** The body as the contract's ErrorResponse, keeping only its three fields, or undefined if it is not one. */
function asErrorResponse(config: ClientConfig, text: string): ErrorResponse | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { statusCode, message, error } = parsed as Record<string, unknown>;
  if (typeof statusCode !== 'number') return undefined;
  // Redacted again once parsed: JSON escapes (\u0070...) can spell a credential the text search missed.
  let kept: string | string[];
  if (typeof message === 'string') kept = config.redact(message);
  else if (Array.isArray(message) && message.every((item) => typeof item === 'string')) kept = message.map(config.redact);
  else return undefined;
  return typeof error === 'string' ? { statusCode, message: kept, error: config.redact(error) } : { statusCode, message: kept };
}

/** The fields of the ApiError for a non-2xx answer. */
export function toApiErrorDetails(config: ClientConfig, received: Received): Omit<ApiErrorDetails, keyof RequestContext> {
  const text = config.redact(received.text);
  const parsed = received.complete ? asErrorResponse(config, text) : undefined;
  let body: ErrorResponse | string | undefined;
  let summary: string;
  if (parsed) {
    body = parsed;
    summary = Array.isArray(parsed.message) ? parsed.message.join('; ') : parsed.message;
  } else {
    body = text === '' ? undefined : received.complete ? text : text + CUT_MARKER;
    summary = text.length > MAX_SUMMARY_LENGTH ? `${text.slice(0, MAX_SUMMARY_LENGTH)}...` : text;
  }
  return {
    status: received.status,
    statusText: escapeForLog(config.redact(received.statusText)),
    body,
    requestId: requestIdOf(config, received.headers),
    retryAfterMs: parseRetryAfter(received.headers.get('retry-after')),
    summary: escapeForLog(summary),
  };
}

/**
 * The parsed body of a 2xx answer, checked against the contract when the
 * client validates responses; any other status throws its ApiError.
 */
export function readAnswer(config: ClientConfig, context: RequestContext, received: Received): unknown {
  if (received.status >= 300) throw ApiError.from({ ...context, ...toApiErrorDetails(config, received) });
  const { status, text } = received;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text, which may echo the request: say what is wrong without repeating it.
    throw new ResponseValidationError(
      context,
      status,
      [{ path: '', message: text.trim() === '' ? 'is empty; a JSON body was expected' : 'is not valid JSON' }],
      requestIdOf(config, received.headers),
    );
  }
  const issues = config.validate?.(context.operation, status, value);
  if (issues && issues.length > 0) {
    throw new ResponseValidationError(
      context,
      status,
      issues.map((issue) => ({ path: escapeForLog(config.redact(issue.path)), message: escapeForLog(config.redact(issue.message)) })),
      requestIdOf(config, received.headers),
    );
  }
  return value;
}
