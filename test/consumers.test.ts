// The package as other repos get it: packed with npm pack, installed from the
// tarball into throwaway projects, compiled under strict, and run against the
// Prism mock. Nothing here imports from src/.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../scripts/lib/project.js';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const FIXTURES = join(ROOT, 'test', 'consumers');
const TYPES_NODE = (JSON.parse(await readFile(join(ROOT, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as { version: string }).version;

const CONSUMERS = ['esm-nodenext', 'bundler', 'cjs'];

let work: string;
let tarball: string;

async function tsc(project: string): Promise<{ code: number; output: string }> {
  return run(process.execPath, [TSC, '-p', project], { cwd: project }).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'calls-api-consumers-'));
  // Build, then pack exactly what npm would publish.
  await run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  tarball = join(work, packed!.filename);
  // One install in the parent folder serves every consumer below it, as node_modules resolution walks up.
  await writeFile(join(work, 'package.json'), JSON.stringify({ name: 'consumers', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `@types/node@${TYPES_NODE}`], { cwd: work });
  for (const name of await readdir(FIXTURES, { withFileTypes: true })) {
    if (name.isDirectory()) await cp(join(FIXTURES, name.name), join(work, name.name), { recursive: true });
  }
  // One program, three module systems: the consumers differ only in package.json and tsconfig.json.
  for (const name of CONSUMERS) await cp(join(FIXTURES, 'shared', 'index.ts'), join(work, name, 'index.ts'));
}, 180_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('holds the built entries, the bundled spec and no sources or tests', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/types.d.ts', 'generated/openapi.json', 'generated/openapi.yaml']));
    expect(files.filter((file) => file.startsWith('src/') || file.startsWith('test/') || file.startsWith('scripts/'))).toEqual([]);
  });

  it.each(CONSUMERS)('%s consumer compiles under strict and calls the mock', async (name) => {
    const project = join(work, name);
    const compiled = await tsc(project);
    expect(compiled.output).toBe('');
    expect(compiled.code).toBe(0);
    const { stdout } = await run(process.execPath, [join(project, 'dist', 'index.js')], { env: { ...process.env, PRISM_URL: inject('prismUrl') } });
    expect(JSON.parse(stdout)).toEqual({ id: '123e4567-e89b-12d3-a456-426614174000', status: 'in-progress', duration: 7200, sender: 'agent', notFound: true });
  });

  it('cjs consumer really uses require', async () => {
    const emitted = await readFile(join(work, 'cjs', 'dist', 'index.js'), 'utf8');
    expect(emitted).toContain('require("@elemente/calls-api")');
  });

  it('types bite: the published mistakes do not compile, on exactly the marked lines', async () => {
    const project = join(work, 'negative');
    const source = await readFile(join(project, 'index.ts'), 'utf8');
    const marked = source.split('\n').flatMap((line, index) => (line.includes('// error:') ? [index + 1] : []));
    const { code, output } = await tsc(project);
    expect(code).not.toBe(0);
    const errors = [...output.matchAll(/^index\.ts\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map((m) => ({ line: Number(m[1]), code: m[2], message: m[3] }));
    expect([...new Set(errors.map((e) => e.line))]).toEqual(marked);
    expect(errors.every((e) => e.code === 'TS2322')).toBe(true);
    expect(errors.find((e) => e.line === marked[0])?.message).toMatch(/'string' is not assignable to type 'number'/);
    expect(errors.find((e) => e.line === marked[1])?.message).toMatch(/'string' is not assignable to type '{/);
  });
});
