// Builds dist/ for both module systems with tsup (esbuild + rollup-plugin-dts).
//
// One entry per public subpath. Code splitting is on for CommonJS too, so
// that the entries share one copy of the internals and of the error classes:
// an error thrown through `/raw` is `instanceof` the class imported from the
// core entry, in either module system.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: { index: 'src/index.ts', types: 'src/types.ts', raw: 'src/raw.ts', validation: 'src/validation.ts', examples: 'src/examples.ts', msw: 'src/msw.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  define: { __VERSION__: JSON.stringify(version) },
  // openapi-fetch is a dependency, msw an optional peer: they stay imports.
  external: ['openapi-fetch', 'msw'],
  outDir: 'dist',
});
