// Fails when generated/ is not exactly what the spec produces.
//   npm run check:drift                     checks generated/
//   tsx scripts/check-drift.ts --dir DIR    checks DIR instead (used by the tests)
//
// It regenerates into a temporary folder and compares file by file; on a
// difference it names each file and prints the first lines of its diff.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { generate, HAND_WRITTEN } from './generate.js';
import { GENERATED_DIR, ROOT, ScriptError, isEntryPoint, runMain } from './lib/project.js';

/** How many lines of each file's diff are printed. */
const DIFF_LINES = 20;

export interface Drift {
  file: string;
  problem: 'changed' | 'missing' | 'unexpected';
  diff: string;
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, base)));
    else files.push(relative(base, path));
  }
  return files.filter((file) => !HAND_WRITTEN.has(file)).sort();
}

/** The first lines of a unified diff of `expected` against `actual`. */
function firstDiffLines(expected: string, actual: string, label: string): string {
  const result = spawnSync('diff', ['-u', '--label', `${label} (from the spec)`, '--label', `${label} (committed)`, expected, actual], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return '(no `diff` program on this machine to show the difference)';
  return result.stdout.split('\n').slice(0, DIFF_LINES).join('\n');
}

/** Compares `dir` with a fresh generation; returns one entry per differing file. */
export async function findDrift(dir: string): Promise<Drift[]> {
  if (!existsSync(dir)) throw new ScriptError(`${dir} does not exist: run npm run generate`);
  const fresh = await mkdtemp(join(tmpdir(), 'calls-api-drift-'));
  try {
    await generate(fresh);
    const expected = await listFiles(fresh);
    const actual = new Set(await listFiles(dir));
    const drift: Drift[] = [];
    for (const file of expected) {
      if (!actual.has(file)) {
        drift.push({ file, problem: 'missing', diff: '' });
        continue;
      }
      actual.delete(file);
      const [want, have] = await Promise.all([readFile(join(fresh, file)), readFile(join(dir, file))]);
      if (!want.equals(have)) {
        drift.push({ file, problem: 'changed', diff: firstDiffLines(join(fresh, file), join(dir, file), file) });
      }
    }
    for (const file of actual) drift.push({ file, problem: 'unexpected', diff: '' });
    return drift;
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

const PROBLEM_TEXT: Record<Drift['problem'], string> = {
  changed: 'differs from what the spec produces',
  missing: 'is missing',
  unexpected: 'is not produced by the spec',
};

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const { values } = parseArgs({ options: { dir: { type: 'string' } } });
    const dir = resolve(values.dir ?? GENERATED_DIR);
    const shown = dir.startsWith(ROOT + sep) ? relative(ROOT, dir) : dir;
    const drift = await findDrift(dir);
    if (drift.length === 0) {
      process.stdout.write(`${shown}: no drift, every generated file matches the spec.\n`);
      return 0;
    }
    for (const { file, problem, diff } of drift) {
      process.stderr.write(`drift: ${join(shown, file)} ${PROBLEM_TEXT[problem]}\n`);
      if (diff) process.stderr.write(`${diff}\n`);
    }
    process.stderr.write(`${drift.length} generated file(s) out of date: run npm run generate and commit the result.\n`);
    return 1;
  });
}
