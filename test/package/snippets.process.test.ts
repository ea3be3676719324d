// Code shown to users cannot rot: every TypeScript block of README.md and of
// the guides in docs/, and the spec's TypeScript samples, compile against the
// public API; the curl lines shown for the mock, in the README and in
// docs/mock.md, and the spec's curl samples, run against the Prism mock.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';
import { run } from '../../scripts/lib/run.js';
import { loadBundle } from '../helpers/contract.js';
import { startServerDoor } from '../mock/doors.js';

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

/** README.md and every guide in docs/, as paths relative to the root. */
async function guides(): Promise<string[]> {
  const docs = (await readdir(join(ROOT, 'docs'))).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...docs.map((name) => `docs/${name}`)];
}

/** The fenced blocks of `lang` in a Markdown file, in order. */
function fencedBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1] ?? '');
}

/** Every ```ts block of README.md and docs/*.md, named by its file and number. */
async function guideSnippets(): Promise<Array<[string, string]>> {
  const snippets: Array<[string, string]> = [];
  for (const file of await guides()) {
    const blocks = fencedBlocks(await readFile(join(ROOT, file), 'utf8'), 'ts');
    snippets.push(...blocks.map((code, index): [string, string] => [`${file} block ${index + 1}`, code]));
  }
  return snippets;
}

/** Shell lines, a backslash-continued command joined into one line. */
function shellLines(block: string): string[] {
  return block.replace(/\\\n\s*/g, ' ').split('\n');
}

/** The `curl` lines of the first ```sh block of the section that `heading` (a whole line) opens in `file`. */
async function curlLinesUnder(file: string, heading: string): Promise<string[]> {
  const markdown = await readFile(join(ROOT, file), 'utf8');
  const start = markdown.split('\n').indexOf(heading);
  if (start === -1) throw new Error(`${file} has no heading "${heading}"`);
  const section: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n').slice(start + 1)) {
    if (line.startsWith('```')) inFence = !inFence;
    // The next heading ends the section; a `#` line inside a block is a shell comment.
    else if (!inFence && /^#{1,6} /.test(line)) break;
    section.push(line);
  }
  const [block] = fencedBlocks(`${section.join('\n')}\n`, 'sh');
  if (block === undefined) throw new Error(`${file}: the section "${heading}" has no \`\`\`sh block`);
  return shellLines(block).filter((line) => line.startsWith('curl '));
}

/** Runs each curl line against `url` instead of the mock's address; returns the statuses, in order. */
async function statusesOf(commands: string[], url: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const command of commands) {
    const local = command.replaceAll('http://127.0.0.1:4010', url);
    const { code, stdout, stderr } = await run('bash', ['-c', `${local} -s -o /dev/null -w '%{http_code}'`]);
    expect(code, stderr).toBe(0);
    statuses.push(Number(stdout));
  }
  return statuses;
}

/**
 * The blocks whose curl lines are run, each with the statuses its comments
 * promise, in order: against the shared Prism, or, for a block about the
 * mock's own flags, against elemente-calls-mock started with them.
 */
const MOCK_CURL_BLOCKS: Array<{ file: string; heading: string; statuses: number[]; flags?: string[] }> = [
  // A call, then the contract's 404.
  { file: 'README.md', heading: '### The mock server', statuses: [200, 404] },
  // Example, named example, 404, 400 with a named example, no credentials, invalid body.
  { file: 'docs/mock.md', heading: '## The mock server', statuses: [200, 200, 404, 400, 401, 400] },
  // A created call, the list, the journal, emptied, the state, a reset.
  { file: 'docs/frontend-day.md', heading: '## Watching a call go by', statuses: [200, 200, 200, 204, 200, 204], flags: ['--simulate'] },
];

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
  it('README, guide and TypeScript code samples compile under strict settings', async () => {
    const samples = (await listFiles(join(SAMPLES, 'typescript'))).filter((file) => file.endsWith('.ts'));
    const fromGuides = await guideSnippets();
    // The README's quickstart and at least one block of each client guide that shows code.
    for (const file of ['README.md', 'docs/client.md', 'docs/mock.md', 'docs/observing.md', 'docs/waiting.md'])
      expect(
        fromGuides.some(([name]) => name.startsWith(`${file} block`)),
        file,
      ).toBe(true);
    const snippets = [
      ...fromGuides,
      ...(await Promise.all(samples.map(async (file): Promise<[string, string]> => [relative(ROOT, file), await readFile(file, 'utf8')]))),
    ];
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

  it.each(MOCK_CURL_BLOCKS.map(({ file, heading, statuses, flags }) => [file, heading, statuses, flags] as const))(
    '%s: the curl lines for the mock under "%s" get the answers the text promises',
    async (file, heading, statuses, flags) => {
      const commands = await curlLinesUnder(file, heading);
      expect(commands).toHaveLength(statuses.length);
      if (!flags) {
        expect(await statusesOf(commands, inject('prismUrl'))).toEqual(statuses);
        return;
      }
      const mock = await startServerDoor(flags);
      try {
        expect(await statusesOf(commands, mock.url)).toEqual(statuses);
      } finally {
        await mock.close();
      }
    },
  );

  it('every curl line aimed at the mock in README.md and docs/*.md is one of those run', async () => {
    const ran = new Set((await Promise.all(MOCK_CURL_BLOCKS.map(({ file, heading }) => curlLinesUnder(file, heading)))).flat());
    const shown: string[] = [];
    for (const file of await guides()) {
      const markdown = await readFile(join(ROOT, file), 'utf8');
      for (const block of fencedBlocks(markdown, 'sh')) shown.push(...shellLines(block).filter((line) => /^curl .*127\.0\.0\.1:4010/.test(line)));
    }
    expect(shown.length).toBeGreaterThanOrEqual(ran.size);
    expect(shown.filter((line) => !ran.has(line))).toEqual([]);
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
