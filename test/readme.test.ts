// What the README shows as usage compiles against the public API, so it cannot rot.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/project.js';

const run = promisify(execFile);
// Inside node_modules so that the snippets resolve openapi-fetch and the Node types as the project does.
const WORK = join(ROOT, 'node_modules', '.cache', 'readme-snippets');

async function readmeSnippets(): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

afterAll(() => rm(WORK, { recursive: true, force: true }));

describe('README', () => {
  it('has TypeScript usage that compiles under strict settings', async () => {
    const snippets = await readmeSnippets();
    expect(snippets.length).toBeGreaterThan(0);
    await mkdir(WORK, { recursive: true });
    const files = await Promise.all(
      snippets.map(async (code, index) => {
        const file = join(WORK, `snippet-${index}.ts`);
        await writeFile(file, `${code}\nexport {};\n`);
        return file;
      }),
    );
    await writeFile(
      join(WORK, 'tsconfig.json'),
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.json'),
        compilerOptions: { paths: { '@elemente/calls-api': [join(ROOT, 'src', 'index.ts')] }, noEmit: true },
        include: [],
        files,
      }),
    );
    const result = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(WORK, 'tsconfig.json')]).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
