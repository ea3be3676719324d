// The shape every part of the benchmark reports, so that run.ts can write
// one table per part without knowing what was measured.
import type { Summary } from './stats.js';

export type Unit = 'us' | 'ms' | 's' | 'B' | 'MB' | 'count' | 'req/s' | 'x';

/** An upper bound from issue 6. Every target there is a maximum. */
export interface Target {
  /** As the issue states it, e.g. `<= 1.10x raw fetch`. */
  text: string;
  limit: number;
  /** The measured value compared with `limit` (a median, a ratio or an increase), in `unit`. */
  actual: number;
  unit: Unit;
}

export interface Figure {
  name: string;
  unit: Unit;
  summary: Summary;
  /** The figure's baseline (`'baseline'`), or its ratio to the baseline: the median of per-round ratios where rounds pair samples. */
  ratio?: number | 'baseline' | undefined;
  target?: Target | undefined;
}

export interface PartResult {
  title: string;
  /** How the part was measured, in a sentence or two of Markdown. */
  method: string;
  figures: Figure[];
  /** Markdown blocks after the table: breakdowns, profiles, explanations. */
  notes: string[];
}

export function passes(target: Target): boolean {
  return target.actual <= target.limit;
}

/** A figure whose samples are all the same number, such as a byte count. */
export function exact(value: number): Summary {
  return { median: value, min: value, max: value, count: 1 };
}
