// Code shown to users cannot rot: the README's TypeScript and the docs'
// TypeScript samples compile against the public API, and the docs' curl
// samples run against the Prism mock.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';
import { run } from '../../scripts/lib/run.js';
import { loadBundle } from '../helpers/contract.js';

const SAMPLES = join(ROOT, 'openapi', 'code_samples');
// Inside node_modules so that the snippets resolve openapi-fetch and the Node types as the project does.
const WORK = join(ROOT, 'node_modules', '.cache', 'snippets');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function readmeSnippets(): Promise<Array<[string, string]>> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => [`README.md block ${index + 1}`, match[1] ?? '']);
}

/** Type-checks each snippet as its own module, with `@elemente/calls-api` and its subpaths resolved to src/. */
async function typeCheck(snippets: Array<[string, string]>): Promise<string> {
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  const files = await Promise.all(
    snippets.map(async ([name, code], index) => {
      const file = join(WORK, `snippet-${index}.ts`);
      await writeFile(file, `// ${name}\n${code}\nexport {};\n`);
      return file;
    }),
  );
  await writeFile(
    join(WORK, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: {
        paths: Object.fromEntries(
          [
            ['', 'index'],
            ['/raw', 'raw'],
            ['/validation', 'validation'],
            ['/examples', 'examples'],
            ['/msw', 'msw'],
            ['/types', 'types'],
          ].map(([subpath, file]) => [`@elemente/calls-api${subpath}`, [join(ROOT, 'src', `${file}.ts`)]]),
        ),
        noEmit: true,
      },
      include: [],
      files: [join(ROOT, 'src', 'globals.d.ts'), ...files],
    }),
  );
  const { code, stdout, stderr } = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(WORK, 'tsconfig.json')]);
  return code === 0 ? '' : stdout || stderr || `tsc exited with ${code}`;
}

afterAll(() => rm(WORK, { recursive: true, force: true }));

describe('code shown to users', () => {
  it('README and TypeScript code samples compile under strict settings', async () => {
    const samples = (await listFiles(join(SAMPLES, 'typescript'))).filter((file) => file.endsWith('.ts'));
    const snippets = [
      ...(await readmeSnippets()),
      ...(await Promise.all(samples.map(async (file): Promise<[string, string]> => [relative(ROOT, file), await readFile(file, 'utf8')]))),
    ];
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(await typeCheck(snippets)).toBe('');
  });

  it('catches a snippet that no longer compiles', async () => {
    const output = await typeCheck([
      ['broken', "import { createCallsClient } from '@elemente/calls-api';\nconst n: number = createCallsClient({}).getCall;\n"],
    ]);
    expect(output).toMatch(/error TS2322/);
  });

  it('every operation has a curl and a TypeScript sample in the bundle', () => {
    const operations = Object.values(loadBundle().paths).flatMap((item) => Object.values(item)) as Array<{
      operationId?: string;
      'x-codeSamples'?: Array<{ lang: string; source: string }>;
    }>;
    const withId = operations.filter((operation) => operation.operationId);
    expect(withId.map((operation) => operation.operationId).sort()).toEqual(['createCall', 'getCall', 'listCalls', 'updateCall']);
    for (const operation of withId) {
      expect(operation['x-codeSamples']?.map((sample) => sample.lang)).toEqual(['Shell', 'TypeScript']);
      // Bundling inlined the files: the docs show code, not a $ref.
      for (const sample of operation['x-codeSamples'] ?? []) expect(typeof sample.source).toBe('string');
    }
  });

  it("README's mock curl lines get the answers the README promises", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = /## The mock server[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .filter((line) => line.startsWith('curl '));
    const statuses: number[] = [];
    for (const command of commands) {
      const local = command.replaceAll('http://127.0.0.1:4010', inject('prismUrl'));
      const { code, stdout, stderr } = await run('bash', ['-c', `${local} -s -o /dev/null -w '%{http_code}'`]);
      expect(code, stderr).toBe(0);
      statuses.push(Number(stdout));
    }
    // In README order: example, named example, 404, 400 with a named example, no credentials, invalid body.
    expect(statuses).toEqual([200, 200, 404, 400, 401, 400]);
  });

  it.each([
    ['api_v1_calls_{id}', 'get.sh', 'in-progress'],
    ['api_v1_calls_{id}', 'put.sh', 'completed'],
    ['api_v1_calls', 'get.sh', 'completed'],
    ['api_v1_calls', 'post.sh', 'ringing'],
  ])('the curl sample %s/%s runs against the mock and gets calls', async (folder, name, status) => {
    const sample = await readFile(join(SAMPLES, 'curl', folder, name), 'utf8');
    const local = sample.replaceAll('https://api.elemente.ai', inject('prismUrl'));
    expect(local).not.toBe(sample);
    const { code, stdout, stderr } = await run('bash', ['-euo', 'pipefail', '-c', local], {
      env: { ELEMENTE_USERNAME: 'sample', ELEMENTE_PASSWORD: 'sample-secret' },
    });
    expect(code, stderr).toBe(0);
    const answer = JSON.parse(stdout) as { id: string; status: string } | Array<{ id: string; status: string }>;
    const call = Array.isArray(answer) ? answer[0] : answer;
    expect(call?.status).toBe(status);
  });
});
