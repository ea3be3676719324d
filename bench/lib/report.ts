// Renders the collected results as Markdown: bench/RESULTS.md and the
// tables printed while the run goes.
import type { Figure, PartResult, Target, Unit } from './figure.js';
import { passes } from './figure.js';
import type { MachineInfo } from './machine.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function decimals(value: number, digits: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A value with its unit, with as many digits as the unit's noise deserves. */
export function formatValue(value: number, unit: Unit): string {
  const magnitude = Math.abs(value);
  switch (unit) {
    case 'us':
      return `${magnitude < 100 ? decimals(value, 1) : integer.format(value)} µs`;
    case 'ms':
      return `${magnitude < 10 ? decimals(value, 2) : magnitude < 100 ? decimals(value, 1) : integer.format(value)} ms`;
    case 's':
      return `${decimals(value, 2)} s`;
    case 'B':
      return `${integer.format(value)} B`;
    case 'MB':
      return `${decimals(value, 1)} MB`;
    case 'count':
      return integer.format(value);
    case 'req/s':
      return `${integer.format(value)} req/s`;
    case 'x':
      return `${magnitude < 100 ? decimals(value, 2) : integer.format(value)}x`;
  }
}

/** `pass`, or `**miss**` with how far over the limit the measurement is. */
export function formatVerdict(target: Target): string {
  if (passes(target)) return 'pass';
  const over = target.limit === 0 ? '' : `, ${decimals((target.actual / target.limit - 1) * 100, 0)}% over`;
  return `**miss**: ${formatValue(target.actual, target.unit)}${over}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function figureRow(figure: Figure): string {
  const { median, min, max } = figure.summary;
  const ratio = figure.ratio === undefined ? '' : figure.ratio === 'baseline' ? 'baseline' : formatValue(figure.ratio, 'x');
  const cells = [
    figure.name,
    formatValue(median, figure.unit),
    formatValue(min, figure.unit),
    formatValue(max, figure.unit),
    ratio,
    figure.target?.text ?? '',
    figure.target ? formatVerdict(figure.target) : '',
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

export function renderTable(figures: readonly Figure[]): string {
  return [
    '| figure | median | min | max | ratio to baseline | target | result |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...figures.map(figureRow),
  ].join('\n');
}

export function renderPart(index: number, part: PartResult): string {
  return [`## ${index}. ${part.title}`, part.method, renderTable(part.figures), ...part.notes].join('\n\n');
}

/** Every figure with a target, and whether it was met, for the top of the file. */
export function renderTargets(parts: readonly PartResult[]): string {
  const rows = parts.flatMap((part, index) =>
    part.figures.flatMap((figure) =>
      figure.target ? [`| ${index + 1}. ${cell(figure.name)} | ${cell(figure.target.text)} | ${formatValue(figure.target.actual, figure.target.unit)} | ${formatVerdict(figure.target)} |`] : [],
    ),
  );
  return ['| figure | target | measured | result |', '| --- | --- | ---: | --- |', ...rows].join('\n');
}

/** A part that threw: its title and why. */
export interface FailedPart {
  title: string;
  failure: string;
}

export interface RunInfo {
  machine: MachineInfo;
  /** Wall time of the whole run, build included. */
  seconds: number;
  /** Wall time of each step, by a short name: build, client, bundle... */
  timings: ReadonlyArray<{ name: string; seconds: number }>;
  /** 1-minute load average at the start and at the end: other work on the machine shows up here. */
  load: { start: number; end: number };
}

export function renderResults(run: RunInfo, parts: ReadonlyArray<PartResult | FailedPart>): string {
  const { machine } = run;
  const done = parts.filter((part): part is PartResult => 'figures' in part);
  const sections = parts.map((part, index) =>
    'figures' in part ? renderPart(index + 1, part) : `## ${index + 1}. ${part.title}\n\n**Failed:** ${cell(part.failure)}`,
  );
  return `${[
    '# Benchmark results',
    'Written by `npm run bench` (`bench/run.ts`); do not edit by hand, run it again. ' +
      'It builds `dist/` with `npm run build`, then runs the five parts below one after another, on loopback only. ' +
      'Each figure is the median, min and max over the repetitions its section names; where the variants of a part run interleaved in rounds, ' +
      'the ratio to the baseline is the median of the per-round ratios, so that a slow round slows the baseline as much as the rest.',
    [
      '| | |',
      '| --- | --- |',
      `| Node | ${machine.node} |`,
      `| CPU | ${cell(machine.cpu)}, ${machine.cores} cores (\`os.cpus()\`) |`,
      `| OS | ${machine.os}, ${machine.memoryGiB} GiB |`,
      `| Date | ${machine.date} |`,
      `| Whole run | ${decimals(run.seconds / 60, 1)} min (${integer.format(run.seconds)} s, ${run.timings.map((timing) => `${timing.name} ${integer.format(timing.seconds)} s`).join(', ')}) |`,
      `| Load average (1 min) | ${decimals(run.load.start, 2)} at the start, ${decimals(run.load.end, 2)} at the end |`,
    ].join('\n'),
    '## Targets',
    renderTargets(done),
    ...sections,
  ].join('\n\n')}\n`;
}
