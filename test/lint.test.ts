// The spec lints clean under redocly.yaml, and the lint rules bite.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/project.js';
import { lintSpec } from '../scripts/lint.js';

describe('redocly lint', () => {
  it('reports zero problems for openapi/', async () => {
    const report = await lintSpec();
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  describe('on a broken copy of the spec', () => {
    let work: string;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'calls-api-lint-'));
      await cp(join(ROOT, 'openapi'), join(work, 'openapi'), { recursive: true });
      await cp(join(ROOT, 'redocly.yaml'), join(work, 'redocly.yaml'));
      // Three mistakes the published pages make or could make.
      const example = join(work, 'openapi/components/examples/CallInProgress.yaml');
      await writeFile(example, (await readFile(example, 'utf8')).replace('duration: 7200', "duration: '7200'"));
      const paths = join(work, 'openapi/paths/api_v1_calls_{id}.yaml');
      await writeFile(paths, (await readFile(paths, 'utf8')).replace('  operationId: getCall\n', ''));
      const root = join(work, 'openapi/openapi.yaml');
      await writeFile(root, `${await readFile(root, 'utf8')}  schemas:\n    Unused:\n      type: string\n`);
    });

    afterAll(() => rm(work, { recursive: true, force: true }));

    it('reports each mistake as an error', async () => {
      const report = await lintSpec(work);
      const rules = report.problems.map((p) => p.ruleId);
      expect(rules).toEqual(expect.arrayContaining(['no-invalid-media-type-examples', 'operation-operationId', 'no-unused-components']));
      expect(report.problems.every((p) => p.severity === 'error')).toBe(true);
    });
  });
});
