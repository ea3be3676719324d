// Part 2: what the client adds to a browser bundle. esbuild bundles and
// minifies src/index.ts the way an app's bundler would (openapi-fetch
// included; ajv and ajv-formats external, as they are reached only through
// the lazily imported validator), with code splitting on, so that the
// metafile shows what the entry chunk holds and what waits in the lazy one.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build, type BuildOptions, type Metafile, type OutputFile } from 'esbuild';
import { ROOT } from '../scripts/lib/project.js';
import { exact, type Figure, type PartResult } from './lib/figure.js';
import { formatValue } from './lib/report.js';

/** 7 kB, read as 7,000 bytes (the SI kilobyte, the stricter reading). */
const ENTRY_LIMIT_BYTES = 7000;
const ENTRY = 'src/index.ts';
/** Inputs that only response validation needs: none may be in the entry chunk. */
const LAZY_ONLY_INPUTS = ['src/response-validator.ts', 'generated/openapi.json'];

const COMMON: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
};

function brotliBytes(contents: Uint8Array): number {
  return brotliCompressSync(contents, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: contents.byteLength,
    },
  }).byteLength;
}

interface Chunk {
  /** As the metafile names it, relative to the project. */
  path: string;
  minified: number;
  brotli: number;
  inputs: Metafile['outputs'][string]['inputs'];
  imports: Metafile['outputs'][string]['imports'];
}

function chunksOf(metafile: Metafile, files: readonly OutputFile[]): Map<string, Chunk> {
  const contents = new Map(files.map((file) => [file.path, file.contents]));
  const chunks = new Map<string, Chunk>();
  for (const [path, output] of Object.entries(metafile.outputs)) {
    const code = contents.get(join(ROOT, path));
    if (!code) throw new Error(`esbuild reported ${path} but returned no such file`);
    chunks.set(path, { path, minified: code.byteLength, brotli: brotliBytes(code), inputs: output.inputs, imports: output.imports });
  }
  return chunks;
}

/** The entry chunk and every chunk it imports statically: what loads before the first call. */
function eagerChunks(chunks: Map<string, Chunk>, entry: string): Chunk[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of chunks.get(path)?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return [...seen].map((path) => chunks.get(path)!);
}

const sum = (chunks: readonly Chunk[], key: 'minified' | 'brotli') => chunks.reduce((total, chunk) => total + chunk[key], 0);

/** A folder of one-small-module-each files (errors, helpers) counts as one row. */
function groupOf(path: string): string {
  const folder = /^(src\/(?:errors|helpers)\/)/.exec(path);
  return folder ? `${folder[1]}*` : path;
}

/** What makes up `chunks`, largest first, as a Markdown table. */
function contributors(chunks: readonly Chunk[], title: string): string {
  const groups = new Map<string, { bytes: number; files: number }>();
  for (const [path, input] of chunks.flatMap((chunk) => Object.entries(chunk.inputs))) {
    const group = groups.get(groupOf(path)) ?? { bytes: 0, files: 0 };
    group.bytes += input.bytesInOutput;
    group.files += 1;
    groups.set(groupOf(path), group);
  }
  const total = [...groups.values()].reduce((all, group) => all + group.bytes, 0);
  const rows = [...groups]
    .filter(([, group]) => group.bytes > 0)
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([name, group]) => `| ${name}${group.files > 1 ? ` (${group.files} files)` : ''} | ${formatValue(group.bytes, 'B')} | ${((group.bytes / total) * 100).toFixed(1)}% |`);
  return [`${title} (esbuild metafile \`bytesInOutput\`, minified, before compression):`, '', '| input | bytes | share |', '| --- | ---: | ---: |', ...rows].join('\n');
}

export async function runBundleSize(): Promise<PartResult> {
  const outdir = await mkdtemp(join(tmpdir(), 'calls-api-bench-bundle-'));
  try {
    const ours = await build({
      ...COMMON,
      entryPoints: [ENTRY],
      splitting: true,
      outdir,
      // Only the lazy validator chunk imports these; an app installs them to use validation.
      external: ['ajv', 'ajv-formats', 'ajv/*'],
    });
    const alone = await build({
      ...COMMON,
      stdin: { contents: "import createClient from 'openapi-fetch';\nexport { createClient };\n", resolveDir: ROOT, sourcefile: 'openapi-fetch-only.js', loader: 'js' },
      outdir,
    });

    const chunks = chunksOf(ours.metafile!, ours.outputFiles!);
    const entry = [...chunks.keys()].find((path) => ours.metafile!.outputs[path]?.entryPoint === ENTRY);
    if (!entry) throw new Error(`esbuild produced no chunk for ${ENTRY}`);
    const eager = eagerChunks(chunks, entry);
    const lazy = [...chunks.values()].filter((chunk) => !eager.includes(chunk));
    const [aloneChunk] = chunksOf(alone.metafile!, alone.outputFiles!).values();
    if (!aloneChunk) throw new Error('esbuild produced no output for openapi-fetch alone');

    // The lazy-loading check: what validation needs must be only in chunks the entry imports dynamically.
    const eagerInputs = eager.flatMap((chunk) => Object.entries(chunk.inputs));
    const leaked = eagerInputs.filter(([path]) => LAZY_ONLY_INPUTS.includes(path));
    const leakedBytes = leaked.reduce((total, [, input]) => total + input.bytesInOutput, 0);
    const eagerExternals = eager.flatMap((chunk) => chunk.imports.filter((imported) => imported.external).map((imported) => imported.path));
    const lazyInputs = new Set(lazy.flatMap((chunk) => Object.keys(chunk.inputs)));
    const missingFromLazy = LAZY_ONLY_INPUTS.filter((path) => !lazyInputs.has(path));
    const dynamicImports = eager.flatMap((chunk) => chunk.imports.filter((imported) => imported.kind === 'dynamic-import').map((imported) => imported.path));
    const ourBytes = eagerInputs.filter(([path]) => !path.includes('node_modules/')).reduce((total, [, input]) => total + input.bytesInOutput, 0);

    const entryMinified = sum(eager, 'minified');
    const figures: Figure[] = [
      { name: 'openapi-fetch alone (createClient), minified', unit: 'B', summary: exact(aloneChunk.minified), ratio: 'baseline' },
      { name: 'openapi-fetch alone, brotli', unit: 'B', summary: exact(aloneChunk.brotli), ratio: 'baseline' },
      {
        name: 'core entry (openapi-fetch included), minified',
        unit: 'B',
        summary: exact(entryMinified),
        ratio: entryMinified / aloneChunk.minified,
        target: { text: '<= 7 kB (7,000 B)', limit: ENTRY_LIMIT_BYTES, actual: entryMinified, unit: 'B' },
      },
      { name: 'core entry, brotli', unit: 'B', summary: exact(sum(eager, 'brotli')), ratio: sum(eager, 'brotli') / aloneChunk.brotli },
      { name: 'of which our code (src/), minified', unit: 'B', summary: exact(ourBytes) },
      {
        name: 'validation code in the entry (response-validator.ts, openapi.json)',
        unit: 'B',
        summary: exact(leakedBytes),
        target: { text: 'absent (0 B)', limit: 0, actual: leakedBytes, unit: 'B' },
      },
      { name: 'lazy validator chunk (spec included, ajv external), minified', unit: 'B', summary: exact(sum(lazy, 'minified')) },
      { name: 'lazy validator chunk, brotli', unit: 'B', summary: exact(sum(lazy, 'brotli')) },
    ];
    const checks = [
      `entry chunk inputs from ${LAZY_ONLY_INPUTS.join(', ')}: ${leaked.length === 0 ? 'none' : leaked.map(([path]) => path).join(', ')}`,
      `external imports of the entry: ${eagerExternals.length === 0 ? 'none (ajv is imported only by the lazy chunk)' : eagerExternals.join(', ')}`,
      `dynamic imports of the entry: ${dynamicImports.length === 0 ? 'none' : dynamicImports.map((path) => `\`${path.replace(/^.*\//, '')}\``).join(', ')}`,
      `validation inputs found in the lazy chunk: ${missingFromLazy.length === 0 ? 'all' : `missing ${missingFromLazy.join(', ')}`}`,
    ];
    return {
      title: 'Bundle size',
      method:
        `esbuild ${(await import('esbuild')).version} bundles \`${ENTRY}\` (platform browser, format esm, target es2022, minify, splitting into a temporary folder; ` +
        '`ajv`, `ajv-formats` external) and, for the baseline, a one-line entry that imports `createClient` from openapi-fetch and re-exports it. ' +
        '"Core entry" is the entry chunk plus any chunk it imports statically; brotli is `brotliCompressSync` at quality 11. ' +
        'Sizes are deterministic, so each is one build (median = min = max).',
      figures,
      notes: [
        `Lazy loading, from the metafile: ${checks.join('; ')}.`,
        contributors(eager, `What the ${formatValue(entryMinified, 'B')} core entry is made of`),
      ],
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
