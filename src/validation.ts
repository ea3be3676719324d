// @elemente/calls-api/validation: checks a client's 2xx answers against the
// contract, with validators compiled from the spec at generate time
// (generated/validators.js), so that nothing is compiled or imported at run
// time. Use it as createCallsClient({ validateResponses: responseValidator }).
import { responseValidators } from '../generated/validators.js';
import type { ResponseValidator } from './options.js';

/**
 * The problems of a 2xx answer of `operation`: a status the contract does
 * not document for it, or a body that breaks the documented schema (one
 * issue per violation, each with a JSON Pointer into the body). Operations
 * outside the contract are not checked.
 */
export const responseValidator: ResponseValidator = (operation, status, body) => {
  const statuses = Object.hasOwn(responseValidators, operation) ? responseValidators[operation] : undefined;
  if (!statuses) return [];
  const validate = Object.hasOwn(statuses, status) ? statuses[status] : undefined;
  if (validate === undefined) return [{ path: '', message: `status ${status} is not one the contract documents for ${operation}` }];
  if (validate === null || validate(body)) return [];
  return (validate.errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? error.keyword }));
};
