// Order statistics for the bench and the suites that read a series of
// measurements: one rule, nearest rank, wherever a median is taken.

/** The q-quantile (0 to 1) of `values`, by nearest rank; NaN for none. */
export const quantile = (values: readonly number[], q: number): number => [...values].sort((a, b) => a - b)[Math.round((values.length - 1) * q)] ?? Number.NaN;

/** The median of `values`, by nearest rank; NaN for none. */
export const median = (values: readonly number[]): number => quantile(values, 0.5);
