// The GitHub workflows, checked offline: each one against GitHub's workflow
// schema with action-validator, and the validator shown to fail on a broken
// one. What the workflows do is theirs to say, not this test's to repeat.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';
import { bin, run } from '../../scripts/lib/run.js';

const WORKFLOWS = join(ROOT, '.github', 'workflows');
const files = (await readdir(WORKFLOWS)).filter((name) => name.endsWith('.yml')).sort();
const scratch = await mkdtemp(join(tmpdir(), 'calls-api-workflows-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const validate = (path: string) => run(bin('action-validator'), [path]);

describe('.github/workflows', () => {
  it('has workflows to check, so that the validation below is not vacuous', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s is a valid workflow', async (name) => {
    const result = await validate(join(WORKFLOWS, name));
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.code).toBe(0);
  });

  it('the validator fails on a broken workflow (a job without runs-on, a step with two actions)', async () => {
    const broken = join(scratch, 'broken.yml');
    await writeFile(broken, 'name: broken\non: push\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n        run: echo both\n');
    const result = await validate(broken);
    expect(result.code).not.toBe(0);
  });
});
