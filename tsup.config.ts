// Builds dist/ for both module systems with tsup (esbuild + rollup-plugin-dts).
//
// Why tsup: one step gives ESM, CommonJS and declaration files for each, and
// for ESM it splits the dynamically imported response validator (with the
// bundled spec it embeds) into its own chunk, so callers that never set
// validateResponses never load it. Plain tsc cannot emit CommonJS from this
// ESM source with its JSON import attribute; tsdown and tsup 9 need Node 22.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', types: 'src/types.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Runtime dependencies stay imports: openapi-fetch is a dependency, ajv and ajv-formats optional peers.
  external: ['openapi-fetch', 'ajv', 'ajv-formats', /^ajv\//],
  outDir: 'dist',
});
