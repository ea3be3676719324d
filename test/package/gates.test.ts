// The negative controls of the gates npm test runs once each (the spec's
// lint, Biome, drift):
// each gate, run as npm runs it, must fail on a broken input and say where.
// That the gates pass on the real project is npm test's own first steps.
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';
import { bin, run } from '../../scripts/lib/run.js';

const work = await mkdtemp(join(tmpdir(), 'calls-api-gates-'));
afterAll(() => rm(work, { recursive: true, force: true }));

const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('npm run lint (redocly lint) on a broken copy of the spec and of the flows', () => {
  const copy = join(work, 'lint');

  beforeAll(async () => {
    await cp(join(ROOT, 'openapi'), join(copy, 'openapi'), { recursive: true });
    await cp(join(ROOT, 'redocly.yaml'), join(copy, 'redocly.yaml'));
    await cp(join(ROOT, 'generated', 'openapi.json'), join(copy, 'generated', 'openapi.json'));
    // A flow whose step reads an output its step before does not define.
    const flows = join(copy, 'arazzo', 'calls.arazzo.yaml');
    await cp(join(ROOT, 'arazzo', 'calls.arazzo.yaml'), flows);
    await writeFile(flows, (await readFile(flows, 'utf8')).replace('value: $steps.startCall.outputs.callId\n', 'value: $steps.startCall.outputs.id\n'));
    // Three mistakes the published pages make or could make.
    const example = join(copy, 'openapi/components/examples/CallInProgress.yaml');
    await writeFile(example, (await readFile(example, 'utf8')).replace('duration: 7200', "duration: '7200'"));
    const paths = join(copy, 'openapi/paths/api_v1_calls_{id}.yaml');
    await writeFile(paths, (await readFile(paths, 'utf8')).replace('  operationId: getCall\n', ''));
    const root = join(copy, 'openapi/openapi.yaml');
    await writeFile(root, `${await readFile(root, 'utf8')}  schemas:\n    Unused:\n      type: string\n`);
  });

  it('fails, reporting each mistake as an error', async () => {
    const [tool, ...args] = pkg.scripts.lint!.split(' ');
    const { code, stdout, stderr } = await run(bin(tool!), [...args, '--format', 'json'], { cwd: copy });
    expect(code).not.toBe(0);
    // One JSON report per file linted, one after the other.
    const reports = stdout.split(/(?<=\n\})(?=\{)/).map((text) => JSON.parse(text) as { problems: Array<{ ruleId: string; severity: string }> });
    const report = { problems: reports.flatMap(({ problems }) => problems) };
    expect(
      report.problems.map((problem) => problem.ruleId),
      stderr,
    ).toEqual(expect.arrayContaining(['no-invalid-media-type-examples', 'operation-operationId', 'no-unused-components', 'outputs-defined']));
    expect(report.problems.every((problem) => problem.severity === 'error')).toBe(true);
  });
});

describe('npm run lint:code (biome ci) on a copy of the Biome config with broken sources', () => {
  const copy = join(work, 'biome');

  beforeAll(async () => {
    await mkdir(join(copy, 'src'), { recursive: true });
    await cp(join(ROOT, 'biome.jsonc'), join(copy, 'biome.jsonc'));
    // The config reads .gitignore through git (vcs.useIgnoreFile): the copy is a repository too.
    await run('git', ['init', '--quiet'], { cwd: copy });
    // One lint error, one formatting error, and a file with neither, which must not be named.
    await writeFile(join(copy, 'src', 'lint.ts'), 'export function same(a: unknown, b: unknown): boolean {\n  return a == b;\n}\n');
    await writeFile(join(copy, 'src', 'format.ts'), 'export const spaced   =  "double quotes"\n');
    await writeFile(join(copy, 'src', 'clean.ts'), "export const clean = 'single quotes';\n");
  });

  it('fails, naming the lint rule and the file that is not formatted, and nothing else', async () => {
    // The gate's own command line, read from package.json so that this control runs what npm test runs.
    const [tool, ...args] = pkg.scripts['lint:code']!.split(' ');
    expect(tool).toBe('biome');
    const { code, stdout, stderr } = await run(bin('biome'), [...args, '--colors=off'], { cwd: copy });
    const output = `${stdout}${stderr}`;
    expect(code, output).not.toBe(0);
    expect(output).toMatch(/src\/lint\.ts:2:\d+ lint\/suspicious\/noDoubleEquals/);
    expect(output).toMatch(/src\/format\.ts format/);
    expect(output).not.toContain('clean.ts');
    expect(output).toContain('Found 2 errors.');
  });
});

describe('npm run check:drift on a clone whose committed generated/ is not what the spec gives', () => {
  const clone = join(work, 'drift');
  const git = (...args: string[]) => run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: clone });

  beforeAll(async () => {
    await run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
    // The clone is of HEAD; the gate runs on what is committed there, with this project's tools.
    await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
    // Committed drift of three kinds: a hand edit, a file the spec does not produce, a file missing.
    const types = join(clone, 'generated', 'schema.ts');
    await writeFile(types, (await readFile(types, 'utf8')).replace('duration: number;', 'duration: string;'));
    await writeFile(join(clone, 'generated', 'stray.ts'), 'export {};\n');
    await git('rm', '--quiet', 'generated/examples.ts');
    await git('add', '--all');
    await git('commit', '--quiet', '--message', 'drift');
  }, 120_000);

  it('fails and names each file', async () => {
    const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'check:drift'], { cwd: clone });
    expect(code, stderr).not.toBe(0);
    expect(stdout).toMatch(/^ generated\/schema\.ts +\| +2 \+-$/m);
    expect(stdout).toMatch(/^ generated\/stray\.ts +\| +1 -$/m);
    expect(stdout).toMatch(/^generated\/examples\.ts$/m);
  }, 120_000);
});
