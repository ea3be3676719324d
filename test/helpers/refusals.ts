// What a refused input throws, as a shape for `toThrow` and `rejects.toThrow`:
// an InvalidArgumentError that names the argument (a string or a matcher), and, when given, has this
// message (a string, or an asymmetric matcher such as expect.stringContaining).
import { expect } from 'vitest';

export function refusal(argument: unknown, message?: unknown) {
  return expect.objectContaining({ name: 'InvalidArgumentError', argument, ...(message === undefined ? {} : { message }) });
}
