// Copies package.json's version into the two places that repeat it: the
// spec's info.version (the contract is versioned with the package) and
// src/version.ts (sent in the User-Agent). Run by npm run release:version.
//   tsx scripts/sync-version.ts           write them
//   tsx scripts/sync-version.ts --check   only fail if they differ
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, ScriptError, isEntryPoint, runMain } from './lib/project.js';

const TARGETS = [
  { file: join('openapi', 'openapi.yaml'), pattern: /^(  version: )(\S+)$/m },
  { file: join('src', 'version.ts'), pattern: /^(export const VERSION = ')([^']+)(';)$/m },
] as const;

export async function packageVersion(): Promise<string> {
  return (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Returns the files whose version differs from package.json; writes them unless `check`. */
export async function syncVersion(check: boolean): Promise<string[]> {
  const version = await packageVersion();
  const stale: string[] = [];
  for (const { file, pattern } of TARGETS) {
    const path = join(ROOT, file);
    const text = await readFile(path, 'utf8');
    const match = pattern.exec(text);
    if (!match) throw new ScriptError(`${file}: no version line found to sync`);
    if (match[2] === version) continue;
    stale.push(`${file} has ${match[2]}, package.json has ${version}`);
    if (!check) await writeFile(path, text.replace(pattern, (_all, before: string, _old: string, after = '') => `${before}${version}${after}`));
  }
  return stale;
}

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
    const stale = await syncVersion(values.check ?? false);
    for (const line of stale) process.stderr.write(`${values.check ? 'version drift' : 'updated'}: ${line}\n`);
    return values.check && stale.length > 0 ? 1 : 0;
  });
}
