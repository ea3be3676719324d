// @elemente/calls-api/examples: every named example of the contract, keyed
// by its name and typed by its schema (examples.CallCompleted is a Call), for
// tests, fixtures and mocks, generated from the spec (generated/examples.ts);
// and makeCall, a valid call to build test data from.
import { examples } from '../generated/examples.js';
import type { Call } from '../generated/schema.js';

export { examples };

/**
 * A call that keeps the contract, the same on every call: the contract's
 * CallCreated example (a call just started: ringing, nothing said yet), with
 * `overrides` in place of its fields. Each call returns a fresh copy.
 *
 * @example makeCall({ status: 'completed', duration: 42 })
 */
export function makeCall(overrides: Partial<Call> = {}): Call {
  const call = structuredClone(examples.CallCreated) as Call & Record<string, unknown>;
  // A field given as undefined keeps the example's value, as if it were absent.
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) call[key] = structuredClone(value);
  return call;
}
