// Builds dist/ with tsup (esbuild + rollup-plugin-dts): the library for both
// module systems, and the mock's bin for Node.
//
// One library entry per public subpath. Code splitting is on for CommonJS
// too, so that the entries share one copy of the internals and of the error
// classes: an error thrown through `/raw` is `instanceof` the class imported
// from the core entry, in either module system.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { defineConfig } from 'tsup';
import { PACKAGE_VERSION as version } from './scripts/lib/project.js';

const define = { __VERSION__: JSON.stringify(version) };

/**
 * Rewrites the absolute paths in the source maps under `dir` as paths
 * relative to each map. tsup turns split ESM chunks into CommonJS after
 * esbuild, and the maps of that step name the build machine's files.
 */
async function relativeSourceMaps(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.map')) continue;
    const file = join(dir, name);
    const map = JSON.parse(await readFile(file, 'utf8')) as { file?: string; sources: string[] };
    const local = (path: string) => (isAbsolute(path) ? relative(dirname(file), path).replaceAll('\\', '/') : path);
    const fixed = { ...map, sources: map.sources.map(local), ...(map.file === undefined ? {} : { file: basename(map.file) }) };
    if (JSON.stringify(fixed) !== JSON.stringify(map)) await writeFile(file, JSON.stringify(fixed));
  }
}

export default defineConfig([
  {
    entry: { index: 'src/index.ts', types: 'src/types.ts', raw: 'src/raw.ts', validation: 'src/validation.ts', examples: 'src/examples.ts', msw: 'src/msw.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
    sourcemap: true,
    // The bin's own build writes dist/bin/.
    clean: ['!bin/**'],
    target: 'es2022',
    platform: 'neutral',
    define,
    // openapi-fetch is a dependency, msw an optional peer: they stay imports.
    external: ['openapi-fetch', 'msw'],
    outDir: 'dist',
    onSuccess: () => relativeSourceMaps('dist'),
  },
  {
    // The mock server's bin (bin/elemente-calls-mock.js imports it): ESM for Node, no declarations.
    entry: { 'elemente-calls-mock': 'src/mock/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    define,
    outDir: 'dist/bin',
    onSuccess: () => relativeSourceMaps('dist/bin'),
  },
]);
