// @elemente/calls-api/validation: checks a client's 2xx answers against the
// contract, with validators compiled from the spec at generate time
// (generated/validators.js), so that nothing is compiled or imported at run
// time. Use it as createCallsClient({ validateResponses: responseValidator }).
import { responseValidators } from '../generated/validators.js';
import type { ValidationIssue } from './errors.js';
import type { ResponseValidator } from './options.js';

/**
 * The problems of a 2xx answer of `operation`: a status the contract does
 * not document for it, or a body that breaks the documented schema (one
 * issue per violation, each with a JSON Pointer into the body; past
 * MAX_ISSUES, one last issue counts the rest). Operations outside the
 * contract are not checked.
 */
export const responseValidator: ResponseValidator = (operation, status, body) => {
  const statuses = Object.hasOwn(responseValidators, operation) ? responseValidators[operation] : undefined;
  if (!statuses) return [];
  const validate = Object.hasOwn(statuses, status) ? statuses[status] : undefined;
  if (validate === undefined) return [{ path: '', message: `status ${status} is not one the contract documents for ${operation}` }];
  if (validate === null) return [];
  if (!Array.isArray(body) || body.length === 0) {
    if (validate(body)) return [];
    const errors = validate.errors ?? [];
    return capped(listed(errors), errors.length);
  }
  // A list is checked item by item, each as a list of one (the contract's
  // lists constrain only their items): in one pass over an invalid list, the
  // compiled code joins each item's errors onto all those before it, in time
  // that grows with the square of the list.
  const issues: ValidationIssue[] = [];
  let count = 0;
  for (let index = 0; index < body.length; index += 1) {
    if (validate([body[index]])) continue;
    const errors = validate.errors ?? [];
    count += errors.length;
    if (issues.length < MAX_ISSUES) issues.push(...listed(errors, index));
  }
  return capped(issues, count);
};

/** At most this many issues are listed; past it, one more says how many were left out. */
export const MAX_ISSUES = 100;

type CompiledError = { instancePath: string; message?: string | undefined; keyword: string };

/** Errors as issues; `index` is the list item they were found in, when it was checked alone as `[item]`. */
function listed(errors: readonly CompiledError[], index?: number): ValidationIssue[] {
  return errors.map((error) => ({
    path: index === undefined ? error.instancePath : error.instancePath.replace(/^\/0(?=\/|$)/, `/${index}`),
    message: error.message ?? error.keyword,
  }));
}

/** The first MAX_ISSUES of `issues`, and a last one that counts the rest of `count`. */
function capped(issues: ValidationIssue[], count: number): ValidationIssue[] {
  if (count <= MAX_ISSUES) return issues.slice(0, MAX_ISSUES);
  return [...issues.slice(0, MAX_ISSUES), { path: '', message: `and ${count - MAX_ISSUES} more issues, not listed (${count} in all)` }];
}
