import { ElementeError } from './ElementeError.js';

/** What every failed request knows about itself. */
export interface RequestContext {
  /** The contract's operationId, such as `getCall`; `METHOD /path` for a path outside the contract. */
  operation: string;
  method: string;
  /** The URL path that was requested, without host or query. */
  path: string;
}

/** The base of every error about a request that was sent: it names the operation, method and path. */
export class RequestError extends ElementeError {
  override name = 'RequestError';
  readonly operation: string;
  readonly method: string;
  readonly path: string;

  constructor(context: RequestContext, problem: string, options?: { cause?: unknown }) {
    super(`${context.operation} (${context.method} ${context.path}) ${problem}`, options);
    this.operation = context.operation;
    this.method = context.method;
    this.path = context.path;
  }
}
