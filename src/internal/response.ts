// What the server answered, turned into what a caller gets: the parsed body
// of a 2xx, or an ApiError (a RedirectError for a 3xx), or for the raw client
// a Response it can read. Server text is kept only once cleaned: the
// credentials removed, and every character that could forge a log line
// escaped. Both clients go through here.
import type { ErrorResponse } from '../../generated/schema.js';
import { ApiError, type ApiErrorDetails, ConnectionError, ResponseValidationError } from '../errors.js';
import type { ClientConfig } from './config.js';
import { MAX_ERROR_BODY_BYTES } from './defaults.js';
import { escapeForLog, redactJsonStrings, sanitizeCause, toByteString } from './redact.js';
import type { BufferedResponse, OutgoingRequest } from './request.js';
import { parseRetryAfter } from './retry.js';

/** How much of a non-JSON error body (an HTML page, say) goes into the message. */
const MAX_SUMMARY_LENGTH = 200;
/** How much of a request id is kept: a real one is a UUID or a short token. */
const MAX_REQUEST_ID_LENGTH = 200;
/** Ends an error body cut at MAX_ERROR_BODY_BYTES. */
const CUT_MARKER = ` [cut at ${MAX_ERROR_BODY_BYTES} bytes]`;
/** Statuses whose responses cannot carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = /* @__PURE__ */ new Set([204, 205, 304]);

/** The `x-request-id` the server sent, cleaned and bounded. */
export function requestIdOf(config: ClientConfig, headers: Headers): string | undefined {
  const id = headers.get('x-request-id');
  return id === null ? undefined : config.clean(id.slice(0, MAX_REQUEST_ID_LENGTH));
}

/**
 * An error body without the credentials, also inside its JSON string
 * literals (escapes such as `\u0070` can spell one), and marked when cut.
 * Not escaped: it is data, and the message escapes what it quotes of it.
 */
function errorText(config: ClientConfig, buffered: BufferedResponse): string {
  const text = redactJsonStrings(config.redact(buffered.text), config.redact);
  return buffered.complete ? text : text + CUT_MARKER;
}

/** The body as the contract's ErrorResponse, keeping only its three fields, or undefined if it is not one. */
function asErrorResponse(text: string): ErrorResponse | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { statusCode, message, error } = parsed as Record<string, unknown>;
  if (typeof statusCode !== 'number') return undefined;
  if (!(typeof message === 'string' || (Array.isArray(message) && message.every((item) => typeof item === 'string')))) return undefined;
  return typeof error === 'string' ? { statusCode, message, error } : { statusCode, message };
}

/** The origin a redirect points to, or undefined when it names none that parses. */
function redirectOrigin(headers: Headers, url: string): string | undefined {
  try {
    const location = headers.get('location');
    return location === null ? undefined : escapeForLog(new URL(location, url).origin);
  } catch {
    return undefined;
  }
}

/** The ApiError for a non-2xx answer: the class ApiError.from picks for its status, with every field cleaned. */
export function toApiError(config: ClientConfig, outgoing: OutgoingRequest, buffered: BufferedResponse): ApiError {
  const text = errorText(config, buffered);
  const parsed = buffered.complete ? asErrorResponse(text) : undefined;
  let summary: string;
  if (parsed) summary = Array.isArray(parsed.message) ? parsed.message.join('; ') : parsed.message;
  else summary = text.length > MAX_SUMMARY_LENGTH ? `${text.slice(0, MAX_SUMMARY_LENGTH)}...` : text;
  const details: ApiErrorDetails = {
    // Only these of the request: its headers hold the credentials.
    operation: outgoing.operation,
    method: outgoing.method,
    path: outgoing.path,
    status: buffered.status,
    statusText: config.clean(buffered.statusText),
    body: parsed ?? (text === '' ? undefined : text),
    requestId: requestIdOf(config, buffered.headers),
    retryAfterMs: parseRetryAfter(buffered.headers.get('retry-after')),
    summary: escapeForLog(summary),
  };
  if (buffered.status < 400) details.location = redirectOrigin(buffered.headers, outgoing.url);
  return ApiError.from(details);
}

/** The parsed body of a 2xx answer; a body that is not JSON is a ResponseValidationError whose message does not quote it. */
function parseBody(config: ClientConfig, outgoing: OutgoingRequest, buffered: BufferedResponse): unknown {
  try {
    return JSON.parse(buffered.text);
  } catch {
    // JSON.parse's own message quotes the text, which may echo the request.
    const problem = buffered.text.trim() === '' ? 'is empty; a JSON body was expected' : 'is not valid JSON';
    throw new ResponseValidationError(outgoing, buffered.status, [{ path: '', message: problem }], requestIdOf(config, buffered.headers));
  }
}

/**
 * What createCallsClient returns for a 2xx answer: its parsed body, checked
 * against the contract when the client validates responses. (Any other
 * status is its toApiError, which the transport makes.)
 */
export function readResponseData(config: ClientConfig, outgoing: OutgoingRequest, buffered: BufferedResponse): unknown {
  const value = parseBody(config, outgoing, buffered);
  const issues = config.validate?.(outgoing.operation, buffered.status, value);
  if (issues && issues.length > 0) {
    const cleaned = issues.map((issue) => ({ path: config.clean(issue.path), message: config.clean(issue.message) }));
    throw new ResponseValidationError(outgoing, buffered.status, cleaned, requestIdOf(config, buffered.headers));
  }
  return value;
}

/**
 * What the raw client hands openapi-fetch for an answer of 2xx, 4xx or 5xx
 * (a 3xx is its RedirectError, which the transport makes): a 2xx body that
 * is not JSON throws (an empty one is allowed), as in createCallsClient; an
 * error answer keeps its status, with its body, reason phrase and headers
 * cleaned.
 */
export function toRawResponse(config: ClientConfig, outgoing: OutgoingRequest, buffered: BufferedResponse): Response {
  const { status } = buffered;
  const ok = status < 300;
  if (ok && buffered.text !== '' && !NULL_BODY_STATUSES.has(status)) parseBody(config, outgoing, buffered);
  const headers = new Headers();
  try {
    for (const [name, value] of buffered.headers) {
      // The body is decoded and complete now; these described the wire form.
      if (name !== 'content-encoding' && name !== 'content-length') headers.append(name, ok ? value : config.clean(value));
    }
  } catch (error) {
    // Node's parser lets through header lines that the fetch standard's Headers refuses.
    const cause = sanitizeCause(error, config.clean);
    throw new ConnectionError(outgoing, 'the server sent a malformed response (a header fetch cannot hold)', undefined, { cause });
  }
  return new Response(NULL_BODY_STATUSES.has(status) ? null : ok ? buffered.text : errorText(config, buffered), {
    status,
    statusText: toByteString(ok ? buffered.statusText : config.clean(buffered.statusText)),
    headers,
  });
}
