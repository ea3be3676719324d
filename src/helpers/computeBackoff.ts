import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, RETRY_JITTER } from '../defaults.js';

/**
 * The wait before retry number `retry` (0 for the first): exponential,
 * capped, with up to RETRY_JITTER of it taken off at random.
 */
export function computeBackoff(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return Math.round(base * (1 - RETRY_JITTER * random()));
}
