// The negative controls of the gates npm test runs once each (the spec's
// lint, Biome, drift, and the in-process projects' refusal of processes):
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

describe('npm run test:unit on a copy of the vitest config with misfiled suites', () => {
  const copy = join(work, 'unit-project');
  const lines = (...text: string[]) => `${text.join('\n')}\n`;
  const PROBES: Record<string, string> = {
    // Misfiled: each must fail, naming the suffix that would file it right.
    'starts-git.test.ts': lines(
      "import { spawn } from 'node:child_process';",
      "import { it } from 'vitest';",
      "it('starts git', () => {",
      "  spawn('git', ['--version']);",
      '});',
    ),
    // A suite that catches the refusal fails all the same.
    'starts-git-quietly.test.ts': lines(
      "import { x } from 'tinyexec';",
      "import { it } from 'vitest';",
      "it('starts git and ignores the error', async () => {",
      "  await x('git', ['--version']).catch(() => undefined);",
      '});',
    ),
    'reads-prism.test.ts': lines("import { inject, it } from 'vitest';", "it('reads the shared Prism', () => {", "  inject('prismUrl');", '});'),
    // Filed right: a loopback server of its own is in-process, and passes.
    'own-server.test.ts': lines(
      "import { createServer } from 'node:http';",
      "import { expect, it } from 'vitest';",
      "it('asks a server of its own', async () => {",
      "  const server = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');",
      "  await new Promise((resolve) => server.once('listening', resolve));",
      '  const { port } = server.address() as { port: number };',
      "  expect(await (await fetch('http://127.0.0.1:' + port)).text()).toBe('ok');",
      '  server.close();',
      '});',
    ),
  };

  beforeAll(async () => {
    // The config and what it loads, from the working tree: the rule under test is the one about to be committed.
    for (const path of ['vitest.config.ts', 'package.json', 'tsconfig.json', 'scripts/lib', 'src/internal/methods.ts', 'test/setup', 'test/helpers']) {
      await cp(join(ROOT, path), join(copy, path), { recursive: true });
    }
    await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    await mkdir(join(copy, 'test', 'unit'), { recursive: true });
    for (const [name, text] of Object.entries(PROBES)) await writeFile(join(copy, 'test', 'unit', name), text);
  });

  it('fails each suite that starts a process or reads the shared Prism, naming .process.test.ts, and passes the one that does neither', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const [tool, ...args] = pkg.scripts['test:unit']!.split(' ');
    expect(tool).toBe('vitest');
    const report = join(copy, 'report.json');
    const { code, stdout, stderr } = await run(bin('vitest'), [...args, '--reporter=json', `--outputFile=${report}`], { cwd: copy });
    expect(code, `${stdout}${stderr}`).not.toBe(0);
    const results = (JSON.parse(await readFile(report, 'utf8')) as { testResults: Array<{ name: string; status: string; message: string }> }).testResults;
    const byFile = Object.fromEntries(results.map((result) => [result.name.slice(join(copy, 'test', 'unit').length + 1), result]));
    expect(Object.keys(byFile).sort()).toEqual(Object.keys(PROBES).sort());
    for (const name of ['starts-git.test.ts', 'starts-git-quietly.test.ts']) {
      expect(byFile[name]?.status, name).toBe('failed');
      expect(byFile[name]?.message, name).toContain(`test/unit/${name} starts a child process`);
      expect(byFile[name]?.message, name).toContain('<behaviour>.process.test.ts');
    }
    expect(byFile['reads-prism.test.ts']?.status).toBe('failed');
    expect(byFile['reads-prism.test.ts']?.message).toContain("test/unit/reads-prism.test.ts reads inject('prismUrl')");
    expect(byFile['own-server.test.ts']?.status).toBe('passed');
  }, 120_000);
});
