import { RequestError, type RequestContext } from './RequestError.js';

/** An attempt took longer than `timeoutMs`, and no retry was left. */
export class TimeoutError extends RequestError {
  override name = 'TimeoutError';

  constructor(
    context: RequestContext,
    readonly timeoutMs: number,
  ) {
    super(context, `timed out after ${timeoutMs} ms`);
  }
}
