import { RequestError, type RequestContext } from './RequestError.js';

/** One way in which a response breaks the contract. */
export interface ValidationIssue {
  /** A JSON Pointer into the response body (`/messages/0/status`); `''` is the whole body. */
  path: string;
  message: string;
}

/**
 * A 2xx response that is not what the contract promises: with
 * `validateResponses`, any schema violation; always, a body that is empty or
 * not JSON where JSON is promised.
 */
export class ResponseValidationError extends RequestError {
  override name = 'ResponseValidationError';

  constructor(
    context: RequestContext,
    readonly status: number,
    readonly issues: ValidationIssue[],
    readonly requestId: string | undefined,
  ) {
    const list = issues.map((issue) => `${issue.path || '(body)'} ${issue.message}`).join('; ');
    super(context, `answered ${status} with a body that breaks the contract: ${list}`);
  }
}
