// The drift gate: generated/ matches the spec, and any hand edit is caught
// with the file named. Runs the real script on copies of generated/.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERATED_DIR, ROOT } from '../scripts/lib/project.js';

function checkDrift(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/check-drift.ts'), '--dir', dir], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('check:drift', () => {
  let copy: string;

  beforeEach(async () => {
    copy = await mkdtemp(join(tmpdir(), 'calls-api-generated-'));
    await cp(GENERATED_DIR, copy, { recursive: true });
  });

  afterEach(() => rm(copy, { recursive: true, force: true }));

  it('passes on an untouched copy of generated/', async () => {
    const { code, output } = await checkDrift(copy);
    expect(output).toContain('no drift');
    expect(code).toBe(0);
  });

  it('fails on a hand edit of the types, naming the file and showing the diff', async () => {
    const file = join(copy, 'schema.d.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace('duration: number;', 'duration: string;'));
    const { code, output } = await checkDrift(copy);
    expect(code).toBe(1);
    expect(output).toContain(`drift: ${file} differs from what the spec produces`);
    expect(output).toMatch(/^-\s+duration: number;$/m);
    expect(output).toMatch(/^\+\s+duration: string;$/m);
  });

  it('fails on a one-byte edit of the JSON bundle', async () => {
    const file = join(copy, 'openapi.json');
    await writeFile(file, `${await readFile(file, 'utf8')} `);
    const { code, output } = await checkDrift(copy);
    expect(code).toBe(1);
    expect(output).toContain(`drift: ${file} differs`);
  });

  it('fails on a deleted file and on a file the spec does not produce', async () => {
    await rm(join(copy, 'openapi.yaml'));
    await writeFile(join(copy, 'extra.d.ts'), 'export {};\n');
    const { code, output } = await checkDrift(copy);
    expect(code).toBe(1);
    expect(output).toContain(`drift: ${join(copy, 'openapi.yaml')} is missing`);
    expect(output).toContain(`drift: ${join(copy, 'extra.d.ts')} is not produced by the spec`);
  });
});

describe('generated bundle', () => {
  it('holds the same document in JSON and YAML', async () => {
    const { parse } = await import('yaml');
    const json: unknown = JSON.parse(await readFile(join(GENERATED_DIR, 'openapi.json'), 'utf8'));
    const yaml = await readFile(join(GENERATED_DIR, 'openapi.yaml'), 'utf8');
    expect(yaml.startsWith('# Generated from openapi/ by scripts/bundle.ts - do not edit.')).toBe(true);
    expect(parse(yaml)).toEqual(json);
  });

  it('carries do-not-edit headers in the types', async () => {
    const types = await readFile(join(GENERATED_DIR, 'schema.d.ts'), 'utf8');
    expect(types.startsWith('// Generated from openapi/ by scripts/generate-types.ts - do not edit.')).toBe(true);
  });
});
