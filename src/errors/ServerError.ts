import { ApiError } from './ApiError.js';

/** 500 or above: the server failed; the request may succeed later. */
export class ServerError extends ApiError {
  override name = 'ServerError';
}
