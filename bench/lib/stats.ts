// Median, min and max of repeated measurements: the three numbers every
// figure in RESULTS.md reports.

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many samples the figure is made of. */
  count: number;
}

/** The middle value; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summary of no values');
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
}

/** Element-wise a[i] / b[i]: ratios of samples taken in the same round, so that a slow round slows both. */
export function pairwiseRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`cannot pair ${a.length} samples with ${b.length}`);
  return a.map((value, index) => value / b[index]!);
}

/** Element-wise a[i] - b[i]. */
export function pairwiseDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`cannot pair ${a.length} samples with ${b.length}`);
  return a.map((value, index) => value - b[index]!);
}

/** The nearest-rank percentile `p` (0-100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
