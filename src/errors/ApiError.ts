import type { ErrorResponse } from '../../generated/schema.js';
import { RequestError, type RequestContext } from './RequestError.js';

export interface ApiErrorDetails extends RequestContext {
  status: number;
  statusText: string;
  /** The parsed error body: `ErrorResponse` when the server kept the contract, the raw text otherwise. */
  body: ErrorResponse | string | undefined;
  requestId: string | undefined;
}

/** How much of a non-JSON error body (an HTML error page, say) goes into the message. */
const MAX_SUMMARY_LENGTH = 200;

function summarize(body: ErrorResponse | string | undefined): string {
  if (body === undefined || body === '') return '';
  if (typeof body === 'string') return body.length > MAX_SUMMARY_LENGTH ? `${body.slice(0, MAX_SUMMARY_LENGTH)}...` : body;
  return Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
}

/** The server answered with a status outside 2xx. */
export class ApiError extends RequestError {
  override name = 'ApiError';
  readonly status: number;
  readonly body: ErrorResponse | string | undefined;
  readonly requestId: string | undefined;

  constructor(details: ApiErrorDetails) {
    const summary = summarize(details.body);
    const status = `${details.status}${details.statusText ? ` ${details.statusText}` : ''}`;
    super(details, `failed with ${status}${summary ? `: ${summary}` : ''}`);
    this.status = details.status;
    this.body = details.body;
    this.requestId = details.requestId;
  }
}
