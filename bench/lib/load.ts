// Load generation with autocannon's programmatic API (it ships no types;
// this is the part of it the benchmark uses). Latencies are collected from
// its 'response' events, in fractional milliseconds: its own histogram keeps
// whole milliseconds, and a loopback mock often answers in less than one.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { percentile } from './stats.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  headers: Record<string, string>;
}

type Autocannon = (options: AutocannonOptions) => EventEmitter & PromiseLike<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

/** Runs autocannon for `options.duration` seconds; any error, timeout or non-2xx answer fails it. */
export async function runLoad(options: AutocannonOptions): Promise<Load> {
  const latencies: number[] = [];
  const instance = autocannon(options);
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    latencies.push(responseTimeMs);
  });
  const result = await instance;
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(`autocannon against ${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  if (latencies.length === 0) throw new Error(`autocannon against ${options.url}: no answers`);
  return { requestsPerSecond: result.requests.average, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), requests: result.requests.total };
}
