// Bundles the split spec under openapi/ into one document, written twice with
// the same content: generated/openapi.json and generated/openapi.yaml.
//
// Redocly resolves the file $refs into #/components/...; the result is parsed
// and serialized here, so both files come from one object and their bytes
// depend only on the spec.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { GENERATED_DIR, SPEC_ROOT, generatedHeader, isEntryPoint, requireFile, runMain } from './lib/project.js';
import { runRedoclyOrThrow } from './lib/redocly.js';

export const BUNDLE_JSON = 'openapi.json';
export const BUNDLE_YAML = 'openapi.yaml';

/** Returns the bundled spec as a plain object. */
export async function bundleSpec(): Promise<Record<string, unknown>> {
  requireFile(SPEC_ROOT, 'the hand-written spec root is needed to bundle');
  const work = await mkdtemp(join(tmpdir(), 'calls-api-bundle-'));
  try {
    const out = join(work, 'bundle.json');
    await runRedoclyOrThrow(['bundle', SPEC_ROOT, '--output', out]);
    return JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Writes openapi.json and openapi.yaml into `outDir`; returns the JSON path. */
export async function writeBundle(outDir: string): Promise<string> {
  const spec = await bundleSpec();
  const jsonPath = join(outDir, BUNDLE_JSON);
  // JSON has no comments, so the do-not-edit notice lives in generated/README.md.
  await writeFile(jsonPath, `${JSON.stringify(spec, null, 2)}\n`);
  // lineWidth 0: never fold long strings, so a one-word change in a
  // description changes one line of the YAML, not a paragraph.
  await writeFile(join(outDir, BUNDLE_YAML), generatedHeader('bundle.ts', '#') + stringify(spec, { lineWidth: 0 }));
  return jsonPath;
}

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    await writeBundle(GENERATED_DIR);
  });
}
