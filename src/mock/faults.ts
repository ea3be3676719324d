// Faults on request: a delay before every response, and a share of the
// requests the contract accepts answered with a documented failure instead.
// Both are drawn from a seed, request by request, so that the same requests
// meet the same faults on every run. The server's flags (--latency,
// --fail-rate, --fail-with, --seed) and MSW's `faults` option are checked
// here, by the same rules.
import { responseExamples } from '../../generated/examples.js';
import { InvalidArgumentError } from '../errors.js';
import { between, seeded } from './random.js';

/** Faults as MSW's createCallsHandlers takes them. */
export interface CallsFaults {
  /** A delay before every response, in ms: a fixed time, or `[min, max]` drawn per request. At most 600000 (10 minutes). @default 0 */
  latencyMs?: number | readonly [number, number] | undefined;
  /** The share of the requests the contract accepts that get a failure instead, from 0 to 1. @default 0 */
  failRate?: number | undefined;
  /** The statuses a failure is drawn from: failures every operation documents (FAILURE_STATUSES). @default [503] */
  failWith?: readonly number[] | undefined;
  /** Seeds the draws. @default 1 */
  seed?: number | undefined;
}

/** Faults ready to draw from. */
export interface Faults {
  latency: readonly [number, number];
  failRate: number;
  failWith: readonly number[];
  random: () => number;
}

/** The longest delay the mock takes before a response: long enough to outlast any client's timeout, short enough to be a mistake past it. */
export const MAX_LATENCY_MS = 600_000;

/** The failures every operation of the contract documents, with an example for each: the statuses a fault may have. */
export const FAILURE_STATUSES: readonly number[] = Object.values(responseExamples)
  .map((statuses) => Object.keys(statuses).map(Number))
  .reduce((shared, statuses) => shared.filter((status) => statuses.includes(status)))
  .filter((status) => status >= 400);

/** The names a caller knows the options by: MSW's option paths, or the server's flags. */
export interface FaultNames {
  latencyMs: string;
  failRate: string;
  failWith: string;
  seed: string;
}
const OPTION_NAMES: FaultNames = { latencyMs: 'faults.latencyMs', failRate: 'faults.failRate', failWith: 'faults.failWith', seed: 'faults.seed' };

const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Checks `options` and makes them ready to draw from; undefined when they ask for no fault. Throws InvalidArgumentError naming the option. */
export function resolveFaults(options: unknown, names: FaultNames = OPTION_NAMES): Faults | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InvalidArgumentError('faults', 'must be an object');
  const known = ['latencyMs', 'failRate', 'failWith', 'seed'];
  for (const key of Object.keys(options))
    if (!known.includes(key)) throw new InvalidArgumentError(`faults.${key}`, `is not an option of faults (${known.join(', ')})`);
  const { latencyMs = 0, failRate = 0, failWith = [503], seed = 1 } = options as CallsFaults;
  const range = typeof latencyMs === 'number' ? [latencyMs, latencyMs] : latencyMs;
  if (!Array.isArray(range) || range.length !== 2 || !range.every((ms) => isWhole(ms, 0, MAX_LATENCY_MS)))
    throw new InvalidArgumentError(names.latencyMs, `must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}, or two of them as [min, max]`);
  if ((range[0] as number) > (range[1] as number)) throw new InvalidArgumentError(names.latencyMs, 'must not have its minimum above its maximum');
  if (typeof failRate !== 'number' || !(failRate >= 0 && failRate <= 1)) throw new InvalidArgumentError(names.failRate, 'must be a number from 0 to 1');
  if (!Array.isArray(failWith) || failWith.length === 0 || !failWith.every((status) => FAILURE_STATUSES.includes(status)))
    throw new InvalidArgumentError(names.failWith, `must list failures every operation documents: ${FAILURE_STATUSES.join(', ')}`);
  if (!isWhole(seed, 0, 0xffffffff)) throw new InvalidArgumentError(names.seed, 'must be a whole number from 0 to 4294967295');
  if (range[1] === 0 && failRate === 0) return undefined;
  return { latency: range as [number, number], failRate, failWith: [...failWith], random: seeded(seed) };
}

/** The delay before the next response, in ms. */
export const drawLatency = (faults: Faults): number => (faults.latency[1] === 0 ? 0 : between(faults.random, faults.latency[0], faults.latency[1]));

/** The failure the next accepted request gets, or undefined for none. */
export function drawFailure(faults: Faults): number | undefined {
  if (faults.failRate === 0 || faults.random() >= faults.failRate) return undefined;
  return faults.failWith[Math.floor(faults.random() * faults.failWith.length)];
}
