// Part 4: wall time of the contract pipeline's npm scripts, as a developer
// runs them. `npm run generate` and `npm run docs` rewrite generated/, which
// is byte-stable; generated/ is snapshotted first and checked against git
// afterwards, and put back if anything did change.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GENERATED_DIR, ROOT } from '../scripts/lib/project.js';
import type { Figure, PartResult } from './lib/figure.js';
import { runChecked } from './lib/process.js';
import { summarize } from './lib/stats.js';

const SCRIPTS = ['generate', 'lint', 'docs', 'check:drift'] as const;
const ROUNDS = 5;
const SCRIPT_TIMEOUT_MS = 120_000;

const exec = promisify(execFile);

async function generatedStatus(): Promise<string> {
  const { stdout } = await exec('git', ['status', '--porcelain', '--', 'generated'], { cwd: ROOT });
  return stdout;
}

export async function runPipeline(): Promise<PartResult> {
  const before = await generatedStatus();
  const snapshot = await mkdtemp(join(tmpdir(), 'calls-api-bench-generated-'));
  await cp(GENERATED_DIR, snapshot, { recursive: true });
  const times = new Map(SCRIPTS.map((script) => [script, [] as number[]]));
  try {
    // Round by round rather than script by script, so that a busy minute on the machine is shared out.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const script of SCRIPTS) {
        const { ms } = await runChecked('npm', ['run', script, '--silent'], { timeoutMs: SCRIPT_TIMEOUT_MS });
        times.get(script)!.push(ms / 1000);
      }
    }
  } finally {
    const after = await generatedStatus();
    if (after !== before) {
      await rm(GENERATED_DIR, { recursive: true, force: true });
      await cp(snapshot, GENERATED_DIR, { recursive: true });
    }
    await rm(snapshot, { recursive: true, force: true });
    if (after !== before) {
      throw new Error(`generated/ changed during the pipeline runs (restored from the snapshot taken before them):\n${after}`);
    }
  }
  const figures: Figure[] = SCRIPTS.map((script) => ({ name: `npm run ${script}`, unit: 's', summary: summarize(times.get(script)!) }));
  return {
    title: 'Pipeline',
    method:
      `Wall time of \`npm run <script> --silent\` from spawn to exit (npm's own start-up included, as a developer waits for it), ${ROUNDS} rounds of the four scripts in order. ` +
      `\`git status --porcelain generated\` was ${before === '' ? 'empty' : 'already non-empty'} before and unchanged after: \`generate\` and \`docs\` rewrote generated/ byte for byte. There are no targets for this part.`,
    figures,
    notes: [],
  };
}
