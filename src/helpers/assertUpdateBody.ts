import type { UpdateCallRequest } from '../../generated/schema.js';
import { MAX_NOTE_LENGTH } from '../defaults.js';
import { InvalidArgumentError } from '../errors/InvalidArgumentError.js';

/** The fields of UpdateCallRequest; the type check below fails to compile if the contract gains or loses one. */
export const UPDATE_CALL_FIELDS = ['agentId', 'status', 'note'] as const;
type Missing = Exclude<keyof UpdateCallRequest, (typeof UPDATE_CALL_FIELDS)[number]>;
const allFieldsListed: [Missing] extends [never] ? true : Missing = true;
void allFieldsListed;

/**
 * Throws InvalidArgumentError unless `body` could be an UpdateCallRequest:
 * a plain object with at least one of its fields, no other key, string
 * values and a note within the contract's length. Whether `status` and
 * `agentId` hold valid values is left to the server, which names the problem.
 */
export function assertUpdateBody(body: unknown): asserts body is UpdateCallRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidArgumentError('body', 'must be an object with at least one of agentId, status, note');
  }
  const keys = Object.keys(body);
  if (keys.length === 0) throw new InvalidArgumentError('body', 'must contain at least one of agentId, status, note');
  const unknown = keys.filter((key) => !(UPDATE_CALL_FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new InvalidArgumentError('body', `unknown field(s) ${unknown.map((key) => JSON.stringify(key)).join(', ')}; allowed: agentId, status, note`);
  }
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') throw new InvalidArgumentError(`body.${key}`, 'must be a string');
  }
  const { note } = body as { note?: string };
  // Counted in code points, as JSON Schema's maxLength counts: an emoji is one character, not two UTF-16 units.
  if (note !== undefined && [...note].length > MAX_NOTE_LENGTH) {
    throw new InvalidArgumentError('body.note', `must be at most ${MAX_NOTE_LENGTH} characters`);
  }
}
