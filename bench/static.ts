// The figures without a timing loop: sizes from `size-limit --json` (.size-limit.json, on the built dist/)
// and the type-check cost of importing the core entry (tsc --extendedDiagnostics).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../scripts/lib/quantile.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** Every check of .size-limit.json with what size-limit measured; it exits 1 when a check is over its limit, and still prints the JSON. */
export function measureSizes() {
  const checks = JSON.parse(readFileSync(join(ROOT, '.size-limit.json'), 'utf8')) as Array<{ name: string; path: string; import: string; brotli?: boolean }>;
  const { stdout, stderr } = spawnSync(join(ROOT, 'node_modules/.bin/size-limit'), ['--json'], { cwd: ROOT, encoding: 'utf8' });
  if (!stdout.trimStart().startsWith('[')) throw new Error(`size-limit --json printed no results: ${stderr.trim()}`);
  const results = JSON.parse(stdout) as Array<{ name: string; size: number; sizeLimit: number }>;
  return checks.map((check) => ({ ...check, ...results.find(({ name }) => name === check.name)! }));
}

const SOURCES = {
  consumer: `import { createCallsClient } from '@elemente/calls-api';\nexport const call = createCallsClient({ username: 'u', password: 'p' }).getCall('123e4567-e89b-12d3-a456-426614174000');\n`,
  baseline: 'export const call = Promise.resolve(1);\n',
};
// skipLibCheck false: our declaration files are checked. skipDefaultLibCheck: TypeScript's own lib files are
// the same for both files, and their second of checking would only add jitter.
const FLAGS = '--extendedDiagnostics --noEmit --strict --module nodenext --target es2022 --lib es2023,dom --skipLibCheck false';
const TSC = [join(ROOT, 'node_modules/typescript/lib/tsc.js'), ...`${FLAGS} --skipDefaultLibCheck`.split(' ')];

/** Two one-file programs in a package linking this worktree (dist/): one imports the core entry, one nothing; checked alternately. */
export function measureTypeCheck(runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'calls-api-bench-'));
  try {
    mkdirSync(join(dir, 'node_modules/@elemente'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules/@elemente/calls-api'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    for (const [name, source] of Object.entries(SOURCES)) writeFileSync(join(dir, `${name}.ts`), source);
    const checkMs = { consumer: [] as number[], baseline: [] as number[] };
    const instantiations = { consumer: 0, baseline: 0 };
    for (let index = 0; index < runs * 2; index += 1) {
      const name = (['consumer', 'baseline', 'baseline', 'consumer'] as const)[index % 4] ?? 'consumer';
      const { status, stdout } = spawnSync(process.execPath, [...TSC, `${name}.ts`], { cwd: dir, encoding: 'utf8' });
      if (status !== 0) throw new Error(`tsc failed on ${name}.ts: ${stdout.split('\n')[0]}`);
      const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(stdout)?.[1]);
      instantiations[name] = read('Instantiations');
      checkMs[name].push(Math.round(read('Check time') * 1000));
    }
    const spread = (ms: number[]) => `${median(ms)} ms (${Math.min(...ms)}–${Math.max(...ms)})`;
    return {
      instantiations: instantiations.consumer - instantiations.baseline,
      checkMs: median(checkMs.consumer) - median(checkMs.baseline),
      spread: `consumer ${spread(checkMs.consumer)}, baseline ${spread(checkMs.baseline)}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
