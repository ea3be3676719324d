// The breaking-change gate: what `redocly diff` rates major on one-change
// fixture pairs (test/fixtures/breaking/), and the real script's negative
// controls; the verdict rules alone are test/unit/judge-diff.test.ts. That
// the committed bundle passes is npm test's own `npm run check:breaking`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_SPEC, type DiffReport, diffSpecs, judgeDiff } from '../../scripts/check-breaking.js';
import { ROOT } from '../../scripts/lib/project.js';
import { run } from '../../scripts/lib/run.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'breaking');
const BASE = join(FIXTURES, 'base.yaml');
const RELEASED = { released: '1.0.0', current: '1.0.0' };

async function checkBreaking(...args: string[]): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/check-breaking.ts'), ...args]);
  return { code, output: stdout + stderr };
}

// Each fixture is base.yaml with one change. `breaking` lists the rules that
// must rate it major (none: it passes); `summary` proves the change was seen.
const CASES = [
  { fixture: 'remove-response-field', breaking: ['property-removed', 'required-properties-removed'], summary: { major: 2, minor: 0, patch: 0 } },
  { fixture: 'require-request-field', breaking: ['required-properties-added'], summary: { major: 1, minor: 0, patch: 0 } },
  // Redocly words a new enum on a plain string as values removed: "Enum of `note` was set to ...".
  { fixture: 'narrow-request-string-to-enum', breaking: ['enum-values-removed'], summary: { major: 1, minor: 0, patch: 0 } },
  { fixture: 'narrow-request-max-length', breaking: ['schema-constraint-changed'], summary: { major: 1, minor: 0, patch: 0 } },
  // CallStatus is in the request and the response; the request makes it major.
  { fixture: 'remove-enum-value', breaking: ['enum-values-removed'], summary: { major: 1, minor: 0, patch: 0 } },
  { fixture: 'add-optional-response-field', breaking: [], summary: { major: 0, minor: 1, patch: 0 } },
  // Direction matters: a value the server stops sending, or a bound on what
  // clients only read, breaks no client; Redocly rates both patch.
  { fixture: 'remove-response-only-enum-value', breaking: [], summary: { major: 0, minor: 0, patch: 1 } },
  { fixture: 'narrow-response-field', breaking: [], summary: { major: 0, minor: 0, patch: 1 } },
] as const;

/** Each fixture is diffed once, however many tests read its report. */
const reports = new Map<string, Promise<DiffReport>>();
function diffFixture(fixture: string): Promise<DiffReport> {
  let report = reports.get(fixture);
  if (!report) {
    report = diffSpecs(BASE, join(FIXTURES, `${fixture}.yaml`));
    reports.set(fixture, report);
  }
  return report;
}

// Concurrent: each diff is a process of its own, and none depends on another.
describe.concurrent('redocly diff on the fixture pairs', () => {
  it.for(CASES)('$fixture: breaking rules $breaking', async ({ fixture, breaking, summary }, { expect }) => {
    const report = await diffFixture(fixture);
    expect(report.summary).toEqual(summary);
    const verdict = judgeDiff(report, RELEASED);
    expect(verdict.breaking.map((change) => change.ruleId).sort()).toEqual([...breaking]);
    expect(verdict.status).toBe(breaking.length > 0 ? 'fail' : 'pass');
  });

  it('finds no change between a spec and itself', async ({ expect }) => {
    const report = await diffSpecs(BASE, BASE);
    expect(report.summary).toEqual({ major: 0, minor: 0, patch: 0 });
    expect(judgeDiff(report, RELEASED).status).toBe('pass');
  });

  it('refuses to run with the diff rules off, as redocly.yaml alone leaves them', async ({ expect }) => {
    await expect(diffSpecs(BASE, join(FIXTURES, 'remove-response-field.yaml'), join(ROOT, 'redocly.yaml'))).rejects.toThrow(
      'redocly diff ran with every diff rule off, so it would rate every change patch: redocly.yaml must extend diff-recommended',
    );
  });

  it('names the shared component behind a change reported at another operation', async ({ expect }) => {
    const verdict = judgeDiff(await diffFixture('remove-enum-value'), RELEASED);
    expect(verdict.breaking).toEqual([
      {
        where: 'GET /api/v1/calls/{id} responses/200/content/application/json/schema/properties/status',
        ruleId: 'enum-values-removed',
        message: "Enum of `status` lost values: 'queued'.",
        definedAt: '#/components/schemas/CallStatus/enum',
      },
    ]);
  });
});

describe('npm run check:breaking', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'calls-api-breaking-'));
  });

  afterAll(() => rm(work, { recursive: true, force: true }));

  it('fails on a response field removed from a copy of the bundle, naming it', async () => {
    const spec = JSON.parse(await readFile(CURRENT_SPEC, 'utf8')) as {
      components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    };
    const call = spec.components.schemas.Call;
    if (!call) throw new Error('the bundle has no Call schema');
    delete call.properties.customerName;
    call.required = call.required.filter((name) => name !== 'customerName');
    const revision = join(work, 'openapi.json');
    await writeFile(revision, JSON.stringify(spec, null, 2));
    const { code, output } = await checkBreaking('--revision', revision);
    expect(code).toBe(1);
    expect(output).toContain('breaking: GET /api/v1/calls/{id} responses/200/content/application/json/schema/properties/customerName\n');
    expect(output).toContain('  property-removed: Property `customerName` of `Call` was removed. (#/components/schemas/Call/properties/customerName)\n');
    expect(output).toContain('2 breaking change(s) since the released');
  });

  it('fails on a fixture pair at the same major version', async () => {
    const { code, output } = await checkBreaking('--base', BASE, '--revision', join(FIXTURES, 'require-request-field.yaml'), '--version', '1.0.0');
    expect(code).toBe(1);
    expect(output).toContain('  required-properties-added: Properties of `UpdateCallRequest` became required: `agentId`.');
  });

  it('accepts the same change released as 2.0.0', async () => {
    const revision = join(work, 'require-request-field-2.0.0.yaml');
    const text = await readFile(join(FIXTURES, 'require-request-field.yaml'), 'utf8');
    await writeFile(revision, text.replace(/^ {2}version: 1\.0\.0$/m, '  version: 2.0.0'));
    const { code, output } = await checkBreaking('--base', BASE, '--revision', revision, '--version', '2.0.0');
    expect(output).toContain('accepted: PUT /api/v1/calls/{id} requestBody/content/application/json/schema\n');
    expect(output).toContain('1 breaking change(s) accepted: the major version went from 1 (released 1.0.0) to 2 (2.0.0).');
    expect(code).toBe(0);
  });

  it('fails with one line when the bundle has another info.version than package.json', async () => {
    const spec = JSON.parse(await readFile(CURRENT_SPEC, 'utf8')) as { info: { version: string } };
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    spec.info.version = '9.9.9';
    const revision = join(work, 'other-version.json');
    await writeFile(revision, JSON.stringify(spec, null, 2));
    const { code, output } = await checkBreaking('--revision', revision);
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `error: ${revision} has info.version 9.9.9 but package.json has ${pkg.version}: the contract is versioned with the package, they must be equal`,
    );
  });

  it('fails with one line when info.version differs from --version', async () => {
    const { code, output } = await checkBreaking('--base', BASE, '--revision', BASE, '--version', '1.0.1');
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      'error: test/fixtures/breaking/base.yaml has info.version 1.0.0 but --version is 1.0.1: the contract is versioned with the package, they must be equal',
    );
  });

  it('fails with one line when the released snapshot is missing', async () => {
    const { code, output } = await checkBreaking('--base', join(work, 'missing.json'));
    expect(code).toBe(1);
    expect(output.trim()).toBe(`error: missing ${join(work, 'missing.json')}: the bundled spec as of the last release (see openapi/released/README.md)`);
  });
});
