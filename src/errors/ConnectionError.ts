import { RequestError, type RequestContext } from './RequestError.js';

/** No complete answer arrived: the connection failed, was reset, or the host was not found. */
export class ConnectionError extends RequestError {
  override name = 'ConnectionError';

  constructor(context: RequestContext, reason: string, options?: { cause?: unknown }) {
    super(context, `failed: ${reason}`, options);
  }
}
