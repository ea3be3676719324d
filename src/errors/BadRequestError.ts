import { ApiError, type ApiErrorDetails } from './ApiError.js';

/** 400 (or 422): the server refused the request as invalid. `messages` lists each problem it named. */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
  readonly messages: string[];

  constructor(details: ApiErrorDetails) {
    super(details);
    const { body } = details;
    if (typeof body === 'object' && body !== null) {
      this.messages = Array.isArray(body.message) ? [...body.message] : [body.message];
    } else {
      this.messages = body ? [body] : [];
    }
  }
}
