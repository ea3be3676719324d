import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

// The contract's `format: uuid`: 8-4-4-4-12 hexadecimal digits, any version, either case.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws InvalidArgumentError unless `id` is a UUID, as the contract requires of a call id. */
export function assertCallId(id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new InvalidArgumentError('id', 'must be a string');
  if (id === '') throw new InvalidArgumentError('id', 'must not be empty');
  if (!UUID.test(id)) throw new InvalidArgumentError('id', 'must be a UUID such as 123e4567-e89b-12d3-a456-426614174000');
}
