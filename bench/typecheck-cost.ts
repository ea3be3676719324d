// Part 3: what importing the package costs a consumer's type check. tsc
// --extendedDiagnostics runs on a consumer file that uses the client, its
// errors, the types and the raw openapi-fetch client, and on the same file
// without them; '@elemente/calls-api' resolves to the built dist/ through
// `paths`, as an installed package's `types` would.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../scripts/lib/project.js';
import type { Figure, PartResult } from './lib/figure.js';
import { runChecked } from './lib/process.js';
import { formatValue } from './lib/report.js';
import { median, pairwiseDifferences, pairwiseRatios, summarize } from './lib/stats.js';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const WORK = join(ROOT, 'node_modules', '.cache', 'bench-typecheck');
const ROUNDS = 5;
const ADDED_CHECK_MS_LIMIT = 50;
const ADDED_INSTANTIATIONS_LIMIT = 5000;

/** In both files: the consumer's own code, so that the baseline is a real file and not an empty one. */
const OWN_CODE = `
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes >= 60 ? \`\${Math.floor(minutes / 60)} h \${minutes % 60} min\` : \`\${minutes} min \${seconds % 60} s\`;
}

export function byNewest<T extends { createdAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
`;

type Variant = 'without' | 'with' | 'with-no-raw' | 'openapi-fetch-only' | 'openapi-fetch-declarations';

/**
 * The consumer file. `with` is what a consumer writes: the README's usage,
 * the types by name and by path, and the raw openapi-fetch client.
 * `with-no-raw` leaves out the raw.GET call, `openapi-fetch-only` makes
 * that call on a bare openapi-fetch client, and `openapi-fetch-declarations`
 * only brings openapi-fetch's declaration files into the program, to show
 * which part costs what.
 */
function consumerSource(variant: Variant): string {
  if (variant === 'without') return OWN_CODE.trimStart();
  if (variant === 'openapi-fetch-declarations') return `import type * as OpenapiFetch from 'openapi-fetch';\n${OWN_CODE}\nexport type { OpenapiFetch };\n`;
  const rawCall = "const { data, error, response } = await raw.GET('/api/v1/calls/{id}', { params: { path: { id } } });";
  const rawUse = "${response.status} ${data?.customerName ?? error?.message ?? ''}";
  if (variant === 'openapi-fetch-only') {
    return `import createClient from 'openapi-fetch';
import type { paths } from '@elemente/calls-api/types';
${OWN_CODE}
const raw = createClient<paths, 'application/json'>({ baseUrl: 'http://127.0.0.1:4010' });

export async function describeCall(id: string): Promise<string> {
  ${rawCall}
  return \`${rawUse}\`;
}
`;
  }
  const raw = variant === 'with';
  return `import { createCallsClient, NotFoundError, RateLimitError, type Call, type CallsClient } from '@elemente/calls-api';
import type { CallStatus, UpdateCallRequest, components, paths } from '@elemente/calls-api/types';
${OWN_CODE}
type CallId = paths['/api/v1/calls/{id}']['parameters']['path']['id'];

export const client: CallsClient = createCallsClient({ baseUrl: 'http://127.0.0.1:4010', username: 'demo', password: 'demo' });

export async function describeCall(id: CallId): Promise<string> {
  try {
    const call: Call = await client.getCall(id, { timeoutMs: 5000 });
    const status: CallStatus = call.status;
    const change: UpdateCallRequest = { status: 'completed', note: 'follow up' };
    const updated = await client.updateCall(id, change);
    const duration: components['schemas']['Call']['duration'] = call.duration;${raw ? `\n    const { raw } = client;\n    ${rawCall}` : ''}
    return \`\${status} -> \${updated.status}, \${formatDuration(duration)}, \${call.messages.length} messages${raw ? `, ${rawUse}` : ''}\`;
  } catch (error) {
    if (error instanceof NotFoundError) return \`no call \${id}\`;
    if (error instanceof RateLimitError) return \`try again in \${error.retryAfterMs ?? 1000} ms\`;
    throw error;
  }
}
`;
}

interface Diagnostics {
  checkMs: number;
  totalMs: number;
  instantiations: number;
  memoryMB: number;
}

interface Setting {
  name: string;
  skipLibCheck: boolean;
}

// skipLibCheck true is what `tsc --init` writes; false also checks the package's declarations (and openapi-fetch's).
const SETTINGS: Setting[] = [
  { name: 'skipLibCheck: true', skipLibCheck: true },
  { name: 'skipLibCheck: false', skipLibCheck: false },
];

function projectDir(setting: Setting, variant: Variant): string {
  return join(WORK, `${setting.skipLibCheck ? 'skip-lib-check' : 'full-lib-check'}-${variant}`);
}

async function writeProject(setting: Setting, variant: Variant): Promise<void> {
  const dir = projectDir(setting, variant);
  await mkdir(dir, { recursive: true });
  const compilerOptions = {
    strict: true,
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    types: [],
    noEmit: true,
    skipLibCheck: setting.skipLibCheck,
    paths: {
      '@elemente/calls-api': [join(ROOT, 'dist', 'index.d.ts')],
      '@elemente/calls-api/types': [join(ROOT, 'dist', 'types.d.ts')],
    },
  };
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files: ['consumer.ts'] }, null, 2)}\n`);
  await writeFile(join(dir, 'consumer.ts'), consumerSource(variant));
}

function readNumber(output: string, label: string): number {
  const match = new RegExp(`^${label}:\\s+([\\d.]+)(s|K)?\\s*$`, 'm').exec(output);
  if (!match) throw new Error(`tsc --extendedDiagnostics printed no "${label}" line:\n${output}`);
  const value = Number(match[1]);
  if (match[2] === 's') return value * 1000;
  if (match[2] === 'K') return value / 1024;
  return value;
}

async function typeCheck(setting: Setting, variant: Variant): Promise<Diagnostics> {
  const { stdout } = await runChecked(process.execPath, [TSC, '-p', projectDir(setting, variant), '--extendedDiagnostics'], { timeoutMs: 120_000 });
  return {
    checkMs: readNumber(stdout, 'Check time'),
    totalMs: readNumber(stdout, 'Total time'),
    instantiations: readNumber(stdout, 'Instantiations'),
    memoryMB: readNumber(stdout, 'Memory used'),
  };
}

type Runs = Record<'without' | 'with', Diagnostics[]>;

function settingFigures(setting: Setting, runs: Runs): Figure[] {
  const pick = (variant: keyof Runs, key: keyof Diagnostics) => runs[variant].map((run) => run[key]);
  const figures: Figure[] = [];
  const metrics: Array<{ key: keyof Diagnostics; label: string; unit: 'ms' | 'count' | 'MB'; limit?: number; limitText?: string }> = [
    { key: 'checkMs', label: 'check time', unit: 'ms', limit: ADDED_CHECK_MS_LIMIT, limitText: '<= +50 ms' },
    { key: 'instantiations', label: 'type instantiations', unit: 'count', limit: ADDED_INSTANTIATIONS_LIMIT, limitText: '<= +5,000' },
    { key: 'memoryMB', label: 'memory used', unit: 'MB' },
    { key: 'totalMs', label: 'total time (parse, bind, check)', unit: 'ms' },
  ];
  for (const { key, label, unit, limit, limitText } of metrics) {
    const without = pick('without', key);
    const withImport = pick('with', key);
    const added = pairwiseDifferences(withImport, without);
    figures.push(
      { name: `${label}, without the import (${setting.name})`, unit, summary: summarize(without), ratio: 'baseline' },
      { name: `${label}, with the import (${setting.name})`, unit, summary: summarize(withImport), ratio: median(pairwiseRatios(withImport, without)) },
      {
        name: `${label} the import adds (${setting.name})`,
        unit,
        summary: summarize(added),
        target: limit === undefined ? undefined : { text: limitText ?? '', limit, actual: median(added), unit },
      },
    );
  }
  return figures;
}

const BREAKDOWN: Array<{ variant: Variant; label: string }> = [
  { variant: 'without', label: 'without the import (baseline)' },
  { variant: 'with-no-raw', label: 'with the import, without the `raw.GET` call' },
  { variant: 'with', label: 'with the import (the measured file)' },
  { variant: 'openapi-fetch-only', label: 'bare openapi-fetch `createClient<paths>` and the same `GET`, no import of ours' },
  { variant: 'openapi-fetch-declarations', label: "only `import type * as OpenapiFetch from 'openapi-fetch'`, no import of ours" },
];

function instantiations(count: number): string {
  return `${formatValue(count, 'count')} instantiation${count === 1 ? '' : 's'}`;
}

/** One run of each variant: which part of the file the instantiations come from (they are deterministic). */
async function breakdown(setting: Setting): Promise<string> {
  const rows: string[] = [];
  const counts = new Map<Variant, number>();
  for (const { variant, label } of BREAKDOWN) {
    const result = await typeCheck(setting, variant);
    counts.set(variant, result.instantiations);
    rows.push(`| ${label} | ${formatValue(result.instantiations, 'count')} | ${formatValue(result.checkMs, 'ms')} | ${formatValue(result.memoryMB, 'MB')} |`);
  }
  const count = (variant: Variant) => counts.get(variant) ?? 0;
  const added = (variant: Variant) => count(variant) - count('without');
  const summary =
    `Importing the package and using its high-level client, errors and types adds ${instantiations(added('with-no-raw'))}, ` +
    `${formatValue(added('openapi-fetch-declarations'), 'count')} of them from checking openapi-fetch's own declaration files (a file that only imports openapi-fetch's types pays as much); ` +
    `the \`raw.GET\` call adds ${instantiations(count('with') - count('with-no-raw'))}. The same call on a bare openapi-fetch client, without this package, adds ${instantiations(added('openapi-fetch-only'))}.`;
  return [`Where the cost comes from (${setting.name}; one run each):`, '', '| consumer file | instantiations | check time | memory |', '| --- | ---: | ---: | ---: |', ...rows, '', summary].join('\n');
}

export async function runTypecheckCost(): Promise<PartResult> {
  await rm(WORK, { recursive: true, force: true });
  for (const setting of SETTINGS) for (const { variant } of BREAKDOWN) await writeProject(setting, variant);
  const runs = SETTINGS.map((): Runs => ({ without: [], with: [] }));
  // Interleaved, so that a busy moment on the machine falls on both sides of a pair.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, setting] of SETTINGS.entries()) {
      const order = round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
      for (const variant of order) runs[index]![variant].push(await typeCheck(setting, variant));
    }
  }
  const notes: string[] = [];
  for (const setting of SETTINGS) notes.push(await breakdown(setting));
  await rm(WORK, { recursive: true, force: true });
  return {
    title: 'Consumer type-check cost',
    method:
      `\`node_modules/typescript/bin/tsc --extendedDiagnostics\` (TypeScript ${(await import('typescript')).default.version}) on a consumer file that calls \`getCall\`, \`updateCall\` and \`raw.GET\`, ` +
      'catches two error classes and names the types directly and through `paths` and `components`, against the same file with only its own code (no import). ' +
      "Strict, lib ES2022 + DOM, no @types; `'@elemente/calls-api'` and `'/types'` resolve to `dist/*.d.ts` through `paths`. " +
      `${ROUNDS} rounds, each running both files in alternating order, for each skipLibCheck setting; "adds" is the median of the per-round differences. ` +
      'tsc reports times in steps of 10 ms.',
    figures: SETTINGS.flatMap((setting, index) => settingFigures(setting, runs[index]!)),
    notes,
  };
}
