// computeBackoff: the delay before each retry, from the constants and an injected random().
import { describe, expect, it } from 'vitest';
import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, RETRY_JITTER } from '../../src/internal/defaults.js';
import { computeBackoff } from '../../src/internal/retry.js';

describe('computeBackoff', () => {
  // The un-jittered delay before retry n, built by doubling from the constants
  // rather than with the helper's own formula.
  const bases: number[] = [];
  for (let retry = 0, delay = INITIAL_RETRY_DELAY_MS; retry <= 6; retry += 1, delay *= 2) {
    bases.push(Math.min(delay, MAX_RETRY_DELAY_MS));
  }
  const ALMOST_ONE = 1 - Number.EPSILON;

  it('covers both sides of the cap in retries 0 to 6', () => {
    // If the constants change so that 0..6 never reaches the cap (or starts on it), the table below tests less.
    expect(bases[0]).toBeLessThan(MAX_RETRY_DELAY_MS);
    expect(bases[6]).toBe(MAX_RETRY_DELAY_MS);
    // With today's constants: 500 ms doubling, capped at 8 s.
    expect(bases).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it.each([0, 1, 2, 3, 4, 5, 6])('waits the full base delay before retry %i when random() is 0', (retry) => {
    expect(computeBackoff(retry, () => 0)).toBe(bases[retry]);
  });

  it.each([0, 1, 2, 3, 4, 5, 6])('takes RETRY_JITTER off before retry %i when random() is just under 1', (retry) => {
    const base = bases[retry] ?? Number.NaN;
    expect(computeBackoff(retry, () => ALMOST_ONE)).toBe(Math.round(base * (1 - RETRY_JITTER)));
  });

  it("gives the exact jittered values for today's constants", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((retry) => computeBackoff(retry, () => ALMOST_ONE))).toEqual([375, 750, 1_500, 3_000, 6_000, 6_000, 6_000]);
    expect(computeBackoff(1, () => 0.5)).toBe(875);
    // 500 * (1 - 0.25 * 0.5) is 437.5 exactly: rounded to the nearest millisecond, not down.
    expect(computeBackoff(0, () => 0.5)).toBe(438);
  });

  it('never goes above the cap, however many retries', () => {
    for (const retry of [7, 10, 31, 64, 1_100]) {
      expect(computeBackoff(retry, () => 0)).toBe(MAX_RETRY_DELAY_MS);
    }
  });

  it('keeps every jittered delay between (1 - RETRY_JITTER) * base and base', () => {
    const randoms = [0, 1e-9, 0.1, 0.25, 0.5, 0.75, 0.999, ALMOST_ONE];
    for (let retry = 0; retry <= 6; retry += 1) {
      const base = bases[retry] ?? Number.NaN;
      for (const random of randoms) {
        const delay = computeBackoff(retry, () => random);
        expect(delay).toBeLessThanOrEqual(base);
        expect(delay).toBeGreaterThanOrEqual((1 - RETRY_JITTER) * base);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('uses Math.random by default, within the same bounds', () => {
    const delays = Array.from({ length: 200 }, () => computeBackoff(3));
    for (const delay of delays) {
      expect(delay).toBeLessThanOrEqual(4_000);
      expect(delay).toBeGreaterThanOrEqual(3_000);
    }
    // 200 draws that all land on one value would mean the jitter is not applied.
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
