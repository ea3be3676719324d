// The figures that need no timing loop: the bundle sizes a consumer pays
// (esbuild's own command line, brotli at its default quality 11) and the
// type-check cost of importing the core entry (tsc --extendedDiagnostics).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { bin, run } from '../scripts/lib/run.js';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const ID = '123e4567-e89b-12d3-a456-426614174000';

export interface Size {
  name: string;
  minified: number;
  brotli: number;
}

/** What a consumer of each entry writes; `dist` is the built package. */
const SIZE_ENTRIES: Record<string, (dist: string) => string> = {
  core: (dist) =>
    `import { createCallsClient } from '${dist}/index.js';\n` +
    `const client = createCallsClient({ username: 'u', password: 'p' });\n` +
    `client.getCall('${ID}');\n`,
  raw: (dist) =>
    `import { createRawClient } from '${dist}/raw.js';\n` +
    `const client = createRawClient({ username: 'u', password: 'p' });\n` +
    `client.GET('/api/v1/calls/{id}', { params: { path: { id: '${ID}' } } });\n`,
  validation: (dist) => `import { responseValidator } from '${dist}/validation.js';\n` + `responseValidator('getCall', 200, {});\n`,
};

/** Bundles each entry with exactly `esbuild --bundle --minify --format=esm` and measures it. */
export async function measureSizes(dir: string): Promise<Size[]> {
  const sizes: Size[] = [];
  for (const [name, source] of Object.entries(SIZE_ENTRIES)) {
    const entry = join(dir, `size-${name}.js`);
    writeFileSync(entry, source(join(ROOT, 'dist')));
    const { code, stdout, stderr } = await run(bin('esbuild'), [entry, '--bundle', '--minify', '--format=esm', '--log-level=error']);
    if (code !== 0) throw new Error(`esbuild failed on the ${name} entry: ${stderr}`);
    const bundle = Buffer.from(stdout);
    sizes.push({ name, minified: bundle.byteLength, brotli: brotliCompressSync(bundle).byteLength });
  }
  return sizes;
}

export interface TypeCheckCost {
  /** Instantiations the consumer adds over the empty baseline. */
  instantiations: number;
  /** Median check time added, in milliseconds. */
  checkMs: number;
  /** Median total time added, in milliseconds. */
  totalMs: number;
  runs: number;
  /** "Check time" of each project over the runs, ms: median, min and max. */
  spread: { consumer: [number, number, number]; baseline: [number, number, number] };
}

const CONSUMER = `import { createCallsClient } from '@elemente/calls-api';\n\nconst client = createCallsClient({ username: 'u', password: 'p' });\nexport const call = client.getCall('${ID}');\n`;
const BASELINE = `export const call = Promise.resolve(1);\n`;

function writeProject(dir: string, source: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // skipLibCheck false: every declaration file is checked, ours included. skipDefaultLibCheck:
  // TypeScript's own lib files (lib.dom.d.ts...) are the same in both projects and take a second
  // to check, whose jitter (±100 ms here) would drown a difference of tens of milliseconds.
  const compilerOptions = {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2023', 'dom'],
    types: [],
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    noEmit: true,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }, null, 2));
  writeFileSync(join(dir, 'index.ts'), source);
}

async function diagnose(project: string): Promise<{ instantiations: number; checkMs: number; totalMs: number }> {
  const tsc = join(ROOT, 'node_modules/typescript/lib/tsc.js');
  const { code, stdout: output, stderr } = await run(process.execPath, [tsc, '-p', project, '--extendedDiagnostics', '--noEmit']);
  if (code !== 0) throw new Error(`tsc failed on ${project}: ${(output || stderr).split('\n')[0]}`);
  const read = (label: string) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output);
    if (!match?.[1]) throw new Error(`tsc --extendedDiagnostics printed no "${label}"`);
    return Number(match[1]);
  };
  return { instantiations: read('Instantiations'), checkMs: read('Check time') * 1000, totalMs: read('Total time') * 1000 };
}

/** The q-quantile (0 to 1) of `values`, interpolated between the two nearest ranks. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.ceil(at)]! - sorted[low]!) * (at - low);
}

const median = (values: number[]) => quantile(values, 0.5);

const spreadOf = (results: Array<{ checkMs: number }>): [number, number, number] => {
  const values = results.map((result) => result.checkMs);
  return [median(values), Math.min(...values), Math.max(...values)];
};

/**
 * Two consumer projects (strict, nodenext, skipLibCheck false): one imports
 * createCallsClient from the built package, linked into its node_modules, the
 * other is empty. Each is checked `runs` times, alternately.
 */
export async function measureTypeCheck(dir: string, runs: number): Promise<TypeCheckCost> {
  const consumer = join(dir, 'consumer');
  const baseline = join(dir, 'baseline');
  writeProject(consumer, CONSUMER);
  writeProject(baseline, BASELINE);
  mkdirSync(join(consumer, 'node_modules/@elemente'), { recursive: true });
  symlinkSync(ROOT, join(consumer, 'node_modules/@elemente/calls-api'), 'dir');
  const withImport: Array<Awaited<ReturnType<typeof diagnose>>> = [];
  const without: Array<Awaited<ReturnType<typeof diagnose>>> = [];
  // One at a time, alternately: two checks side by side would slow each other.
  for (let index = 0; index < runs; index += 1) {
    if (index % 2) without.push(await diagnose(baseline));
    withImport.push(await diagnose(consumer));
    if (!(index % 2)) without.push(await diagnose(baseline));
  }
  const added = (key: 'checkMs' | 'totalMs') => median(withImport.map((r) => r[key])) - median(without.map((r) => r[key]));
  return {
    instantiations: withImport[0]!.instantiations - without[0]!.instantiations,
    checkMs: added('checkMs'),
    totalMs: added('totalMs'),
    runs,
    spread: { consumer: spreadOf(withImport), baseline: spreadOf(without) },
  };
}
