import { ApiError } from './ApiError.js';

/** 404: no call has this id. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
