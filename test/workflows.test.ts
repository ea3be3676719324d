// The GitHub workflows, checked offline: each one against GitHub's workflow
// schema with action-validator, plus what this project needs of them (the
// CI matrix, publishing with provenance, the docs deployed after a release).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../scripts/lib/project.js';
import { bin, run } from '../scripts/lib/run.js';

const WORKFLOWS = join(ROOT, '.github', 'workflows');
const files = (await readdir(WORKFLOWS)).filter((name) => name.endsWith('.yml')).sort();
const scratch = await mkdtemp(join(tmpdir(), 'calls-api-workflows-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = { steps?: Step[]; uses?: string; needs?: string; strategy?: { matrix: { node: number[] } }; permissions?: Record<string, string> };
const read = async (name: string) => parse(await readFile(join(WORKFLOWS, name), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const validate = (path: string) => run(bin('action-validator'), [path]);

describe('.github/workflows', () => {
  it('holds the CI, release and docs workflows', () => {
    expect(files).toEqual(['ci.yml', 'pages.yml', 'release.yml']);
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

  it('CI runs .ci/run on Node 20 and 22', async () => {
    const { jobs } = await read('ci.yml');
    expect(jobs.test?.strategy?.matrix.node).toEqual([20, 22]);
    expect(jobs.test?.steps?.some((step) => step.run === 'bash .ci/run')).toBe(true);
  });

  it('release publishes with changesets and provenance, after the whole check, then deploys the docs', async () => {
    const { jobs } = await read('release.yml');
    const steps = jobs.release?.steps ?? [];
    const checked = steps.findIndex((step) => step.run === 'bash .ci/run');
    const changesets = steps.findIndex((step) => step.uses?.startsWith('changesets/action@'));
    expect(checked).toBeGreaterThanOrEqual(0);
    expect(changesets).toBeGreaterThan(checked);
    expect(steps[changesets]?.with).toMatchObject({ publish: 'npm run release', version: 'npm run release:version' });
    expect(steps[changesets]?.env).toMatchObject({ NPM_CONFIG_PROVENANCE: true });
    expect(jobs.release?.permissions).toMatchObject({ 'id-token': 'write' });
    expect(jobs.docs).toMatchObject({ needs: 'release', uses: './.github/workflows/pages.yml' });
  });

  it('pages deploys the committed docs, and can be called by the release', async () => {
    const { on, jobs } = await read('pages.yml');
    expect(Object.keys(on)).toEqual(expect.arrayContaining(['workflow_call', 'workflow_dispatch']));
    const steps = jobs.deploy?.steps ?? [];
    expect(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({ path: 'generated/docs' });
    expect(steps.some((step) => step.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });
});
