import { ApiError } from './ApiError.js';

/** 401: the credentials are missing or not valid. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
