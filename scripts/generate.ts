// Writes everything under generated/ from the spec, from scratch:
//   npm run generate              into generated/
//   tsx scripts/generate.ts DIR   into DIR (the drift check uses this)
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeBundle } from './bundle.js';
import { DOCS_FILE, writeDocs } from './docs.js';
import { writeTypes, TYPES_FILE } from './generate-types.js';
import { GENERATED_DIR, isEntryPoint, runMain } from './lib/project.js';

/** Files under generated/ written by hand, kept when the folder is rebuilt. */
export const HAND_WRITTEN = new Set(['README.md']);

/** Regenerates every generated file into `outDir`, removing stale ones first. */
export async function generate(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir)) {
    if (!HAND_WRITTEN.has(entry)) await rm(join(outDir, entry), { recursive: true, force: true });
  }
  const bundlePath = await writeBundle(outDir);
  await Promise.all([writeTypes(bundlePath, join(outDir, TYPES_FILE)), writeDocs(bundlePath, join(outDir, DOCS_FILE))]);
}

if (isEntryPoint(import.meta.url)) {
  runMain(() => generate(resolve(process.argv[2] ?? GENERATED_DIR)));
}
