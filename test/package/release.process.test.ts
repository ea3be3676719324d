// The package as other repos get it. A fresh clone of HEAD, with nothing
// built, runs the real release command (`npm run release`: changesets, whose
// `npm publish` builds dist/ in prepack) against a Verdaccio registry of its
// own: loopback, a free port, throwaway storage, config and user, and a
// throwaway .npmrc, never the user's. Then throwaway consumers install
// @elemente/calls-api BY NAME, through a scoped registry line, so that every
// other dependency resolves from the usual registry, and compile and run:
// TypeScript ESM (nodenext, strict), TypeScript `bundler`, plain CommonJS, an
// esbuild browser bundle in Chromium, MSW in a consumer's own process, and the
// elemente-calls-mock bin. Nothing here imports from src/.
//
// Two shortcuts, both for time: the clone links this checkout's
// node_modules (the build tools) instead of running npm ci, and the bin and
// MSW consumers link Prism and msw from it instead of downloading them again.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { findFreePort } from '../../scripts/lib/ports.js';
import { ROOT } from '../../scripts/lib/project.js';
import { bin, type RunResult, run, start, stopAll } from '../../scripts/lib/run.js';
import { launchChromium } from '../helpers/browser.js';
import { CALL_ID } from '../helpers/contract.js';
import { commandLine, descendants, firstAnswer, stopWith } from '../helpers/processes.js';

const NAME = '@elemente/calls-api';
const FIXTURES = join(ROOT, 'test', 'consumers');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const TYPES_NODE = pkg.devDependencies['@types/node']!;
const TYPESCRIPT_CONSUMERS = ['esm-nodenext', 'bundler', 'cjs'] as const;
// Publishing builds dist/ (tsup, two formats, declarations) on two busy cores, then five installs.
const SETUP_TIMEOUT = 420_000;

const work = await mkdtemp(join(tmpdir(), 'calls-api-release-'));
const clone = join(work, 'clone');
const consumers = join(work, 'consumers');
const npmrc = join(work, 'npmrc');

let registry: Server | undefined;
let registryUrl = '';
let published: RunResult;
let distBeforeRelease = true;
let tarballFiles: string[] = [];
const installs = new Map<string, RunResult>();
const compiled = new Map<string, RunResult>();

/** npm, as the clone and the consumers run it: the throwaway .npmrc, never the user's. */
function npm(args: string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  return run('npm', args, {
    cwd,
    env: { npm_config_userconfig: npmrc, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env },
    timeoutMs: SETUP_TIMEOUT,
  });
}

/** Starts Verdaccio in this process on a free loopback port, with a config and storage of its own. */
async function startRegistry(): Promise<void> {
  const home = join(work, 'verdaccio');
  await mkdir(home, { recursive: true });
  const configPath = join(home, 'config.yaml');
  await writeFile(
    configPath,
    stringify({
      storage: join(home, 'storage'),
      auth: { htpasswd: { file: join(home, 'htpasswd'), max_users: 1 } },
      // No uplinks: only what the test publishes is here; consumers get everything else from their usual registry.
      uplinks: {},
      packages: { '@elemente/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' }, '**': { access: '$all' } },
      web: { enable: false },
      log: { type: 'stdout', format: 'json', level: 'fatal' },
    }),
  );
  const { runServer } = (await import('verdaccio')) as unknown as { runServer(config: string): Promise<Server> };
  const server = await runServer(configPath).catch((error: unknown) => {
    throw new Error(`Verdaccio did not start: ${String(error)}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`Verdaccio did not start: ${error.message}`)));
    server.listen(0, '127.0.0.1', resolve);
  });
  registry = server;
  registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Creates the test's own user through the registry's API and writes the throwaway .npmrc with its token. */
async function createUser(): Promise<void> {
  const name = 'release-test';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, registryUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: randomBytes(18).toString('base64url'), type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const answer = (await response.json()) as { token?: string };
  if (response.status !== 201 || !answer.token) throw new Error(`Verdaccio refused to create the test user: ${response.status} ${JSON.stringify(answer)}`);
  const host = registryUrl.replace(/^http:/, '');
  await writeFile(npmrc, `@elemente:registry=${registryUrl}\n${host}:_authToken=${answer.token}\n`);
}

/** The files of the published tarball, as `tar` lists them, the `package/` prefix and chunk hashes dropped. */
async function publishedFiles(): Promise<string[]> {
  const metadata = (await (await fetch(new URL(NAME.replace('/', '%2f'), registryUrl))).json()) as { versions: Record<string, { dist: { tarball: string } }> };
  const tarball = join(work, 'published.tgz');
  const url = metadata.versions[pkg.version]?.dist.tarball;
  if (!url) throw new Error(`the registry has no ${NAME}@${pkg.version}: ${Object.keys(metadata.versions ?? {}).join(', ')}`);
  await writeFile(tarball, Buffer.from(await (await fetch(url)).arrayBuffer()));
  const listed = await run('tar', ['-tzf', tarball]);
  // Chunk names carry a content hash: `chunk-ABC123.js`, and `examples-AbC12xyz.d.ts` for the declarations shared by several entries.
  const files = listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((file) =>
      file
        .replace(/^package\//, '')
        .replace(/chunk-[A-Z0-9]+\./, 'chunk-*.')
        .replace(/^(dist\/[a-z]+)-[A-Za-z0-9_-]{8}\.(d\.c?ts)$/, '$1-*.$2'),
    );
  return [...new Set(files)].sort();
}

beforeAll(async () => {
  await startRegistry();
  await createUser();

  // A fresh clone of HEAD: what is committed, nothing built.
  const cloned = await run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
  if (cloned.code !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  distBeforeRelease = existsSync(join(clone, 'dist'));
  await symlink(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  // changesets reads the scoped registry from the environment, npm from the .npmrc.
  published = await npm(['run', 'release'], clone, { 'npm_config_@elemente:registry': registryUrl });
  if (published.code !== 0) throw new Error(`npm run release failed (exit ${published.code}):\n${published.stdout}\n${published.stderr}`);
  tarballFiles = await publishedFiles();

  // The consumers install the package by name, each into its own folder.
  await mkdir(consumers, { recursive: true });
  const readme = await readFile(join(clone, 'README.md'), 'utf8');
  for (const name of [...TYPESCRIPT_CONSUMERS, 'browser']) {
    const dir = join(consumers, name);
    await cp(join(FIXTURES, name), dir, { recursive: true });
    if ((TYPESCRIPT_CONSUMERS as readonly string[]).includes(name)) {
      await cp(join(FIXTURES, 'shared', 'index.ts'), join(dir, 'index.ts'));
      if (name === 'cjs') await writeFile(join(dir, 'usage.cjs'), readmeBlock(readme, 'js', "require('@elemente/calls-api')"));
      else {
        await writeFile(join(dir, 'usage.ts'), readmeBlock(readme, 'ts', "from '@elemente/calls-api'"));
        const config = JSON.parse(await readFile(join(dir, 'tsconfig.json'), 'utf8')) as { files: string[] };
        config.files.push('usage.ts');
        await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(config));
      }
    }
  }
  // Installed side by side: npm spends most of that time waiting on the network.
  await Promise.all(
    [...TYPESCRIPT_CONSUMERS, 'browser'].map(async (name) => {
      const extra = name === 'browser' ? [] : [`@types/node@${TYPES_NODE}`];
      installs.set(name, await npm(['install', '--prefer-offline', NAME, ...extra], join(consumers, name)));
    }),
  );
  // msw is an optional peer: the nodenext consumer, whose msw.ts is a unit test setup, installs it (here: linked from this checkout).
  if (installs.get('esm-nodenext')?.code === 0) await symlink(join(ROOT, 'node_modules', 'msw'), join(consumers, 'esm-nodenext', 'node_modules', 'msw'), 'dir');
  // Compiled side by side too.
  const projects = TYPESCRIPT_CONSUMERS.filter((name) => installs.get(name)?.code === 0);
  await Promise.all(projects.map(async (name) => compiled.set(name, await tsc(join(consumers, name)))));
}, SETUP_TIMEOUT);

afterAll(async () => {
  await stopAll();
  await new Promise((resolve) => (registry ? registry.close(resolve) : resolve(undefined)));
  await rm(work, { recursive: true, force: true });
});

/** The first fenced block of `lang` in the README that contains `marker`, verbatim. */
function readmeBlock(readme: string, lang: string, marker: string): string {
  const block = [...readme.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1]!).find((code) => code.includes(marker));
  if (!block) throw new Error(`the README has no \`\`\`${lang} block with ${marker}`);
  return block;
}

/** The optional peer, as the consumer would add it (here: linked from this checkout). */
async function addPrism(dir: string): Promise<void> {
  const link = join(dir, 'node_modules', '@stoplight', 'prism-cli');
  if (existsSync(link)) return;
  await mkdir(join(dir, 'node_modules', '@stoplight'), { recursive: true });
  await symlink(join(ROOT, 'node_modules', '@stoplight', 'prism-cli'), link, 'dir');
}

function installed(name: string): string {
  const result = installs.get(name);
  if (result?.code !== 0) throw new Error(`npm install of ${NAME} into the ${name} consumer failed:\n${result?.stdout}\n${result?.stderr}`);
  return join(consumers, name);
}

async function tsc(project: string): Promise<RunResult> {
  return run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project });
}

const mockEnv = () => ({ ELEMENTE_BASE_URL: inject('prismUrl'), ELEMENTE_USERNAME: 'consumer', ELEMENTE_PASSWORD: 'consumer-secret' });

describe('npm run release, from a fresh clone with nothing built', { timeout: 180_000 }, () => {
  it('publishes to the registry, building dist/ on the way (prepack)', () => {
    expect(distBeforeRelease).toBe(false);
    expect(`${published.stdout}\n${published.stderr}`).toContain(`${NAME}@${pkg.version}`);
  });

  it('publishes exactly what consumers can reach: dist with maps, the bin, the bundled spec, the docs, the flows, README, CHANGELOG, LICENSE', () => {
    const entries = ['index', 'raw', 'validation', 'examples', 'msw', 'types'];
    const dist = entries.flatMap((entry) => [
      `dist/${entry}.cjs`,
      `dist/${entry}.cjs.map`,
      `dist/${entry}.d.cts`,
      `dist/${entry}.d.ts`,
      `dist/${entry}.js`,
      `dist/${entry}.js.map`,
    ]);
    // Declarations shared by several entries: rollup names each after a module it holds, for both module systems.
    const declarationChunks = tarballFiles.filter((file) => /^dist\/\w+-\*\.d\.c?ts$/.test(file));
    expect(declarationChunks.length).toBeGreaterThan(0);
    expect(declarationChunks.filter((file) => file.endsWith('.d.cts')).map((file) => file.replace('.d.cts', '.d.ts'))).toEqual(
      declarationChunks.filter((file) => file.endsWith('.d.ts')),
    );
    const chunks = [...tarballFiles.filter((file) => file.startsWith('dist/chunk-*.')), ...declarationChunks];
    expect(chunks.slice(0, 4)).toEqual(['dist/chunk-*.cjs', 'dist/chunk-*.cjs.map', 'dist/chunk-*.js', 'dist/chunk-*.js.map']);
    expect(tarballFiles).toEqual(
      [
        ...dist,
        ...chunks,
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'arazzo/calls.arazzo.yaml',
        'bin/elemente-calls-mock.js',
        'dist/bin/elemente-calls-mock.js',
        'dist/bin/elemente-calls-mock.js.map',
        'generated/docs/index.html',
        'generated/openapi.json',
        'generated/openapi.yaml',
        'package.json',
      ].sort(),
    );
  });

  it('passes publint --strict and are-the-types-wrong on the published tarball', async () => {
    const tarball = join(work, 'published.tgz');
    const unpacked = join(work, 'unpacked');
    await mkdir(unpacked, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', unpacked]);
    const lint = await run(bin('publint'), ['--strict', '--pack', 'false', join(unpacked, 'package')]);
    expect(lint.code, `${lint.stdout}${lint.stderr}`).toBe(0);
    // The code entries; the spec, the docs and package.json are files, not modules with types.
    const types = await run(bin('attw'), [tarball, '--format', 'ascii', '--entrypoints', '.', './raw', './validation', './examples', './msw', './types']);
    expect(types.code, `${types.stdout}${types.stderr}`).toBe(0);
  });

  it("ships source maps that name their sources relative to themselves, never the build machine's directories", async () => {
    const unpacked = join(work, 'maps');
    await mkdir(unpacked, { recursive: true });
    await run('tar', ['-xzf', join(work, 'published.tgz'), '-C', unpacked]);
    const dist = join(unpacked, 'package', 'dist');
    const maps = (await readdir(dist, { recursive: true })).filter((name) => name.endsWith('.map'));
    expect(maps.filter((name) => name.endsWith('.cjs.map')).length).toBeGreaterThan(0);
    for (const name of maps) {
      const text = await readFile(join(dist, name), 'utf8');
      const map = JSON.parse(text) as { file?: string; sourceRoot?: string; sources: string[] };
      expect(text.includes(clone), `${name} names the clone's directory`).toBe(false);
      expect(
        map.sources.filter((source) => isAbsolute(source) || /^[a-z]+:/i.test(source)),
        name,
      ).toEqual([]);
      expect(map.file === undefined || !isAbsolute(map.file), name).toBe(true);
    }
  });

  it('keeps the entries within their size budget (size-limit, on the build the release made)', async () => {
    const sized = await run(bin('size-limit'), ['--json'], { cwd: clone });
    expect(sized.code, `${sized.stdout}${sized.stderr}`).toBe(0);
    const entries = JSON.parse(sized.stdout) as Array<{ name: string; passed: boolean; size: number }>;
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries.filter((entry) => !entry.passed)).toEqual([]);
  });
});

describe(`${NAME} installed by name from the registry`, { timeout: 180_000 }, () => {
  it.each(TYPESCRIPT_CONSUMERS)('%s: compiles under strict with skipLibCheck false, and runs against the mock', async (name) => {
    const dir = installed(name);
    const tsc = compiled.get(name);
    expect(`${tsc?.stdout}${tsc?.stderr}`).toBe('');
    expect(tsc?.code).toBe(0);
    const ran = await run(process.execPath, [join(dir, 'dist', 'index.js')], { cwd: dir, env: mockEnv() });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({ id: CALL_ID, status: 'in-progress', duration: 7200, sender: 'agent', notFound: true, listed: 2 });
    if (name === 'cjs') expect(await readFile(join(dir, 'dist', 'index.js'), 'utf8')).toContain('require("@elemente/calls-api")');
  });

  it.each(['esm-nodenext', 'bundler'] as const)("%s: the README's usage compiles and runs verbatim", async (name) => {
    const dir = installed(name);
    const ran = await run(process.execPath, [join(dir, 'dist', 'usage.js')], { cwd: dir, env: mockEnv() });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^in-progress 7200 \d+$/m);
  });

  it("cjs: the README's CommonJS usage runs verbatim with plain require", async () => {
    const dir = installed('cjs');
    const ran = await run(process.execPath, [join(dir, 'usage.cjs')], { cwd: dir, env: mockEnv() });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^in-progress 7200$/m);
  });

  it('browser: esbuild bundles it with no extra flags, and the bundle calls the mock from Chromium', async () => {
    const dir = installed('browser');
    const esbuild = join(ROOT, 'node_modules', '.bin', 'esbuild');
    // What a user types first: --bundle and nothing else (no --platform, no externals).
    const plain = await run(esbuild, ['app.js', '--bundle', '--outfile=plain.js'], { cwd: dir });
    expect(plain.code, plain.stderr).toBe(0);
    const bundled = await run(esbuild, ['app.js', '--bundle', '--format=esm', '--outfile=app.bundle.js'], { cwd: dir });
    expect(bundled.code, bundled.stderr).toBe(0);
    const bundle = await readFile(join(dir, 'app.bundle.js'), 'utf8');
    expect(bundle).not.toMatch(/\bajv\b|openapi-fetch|node:/);

    const site = createServer((request, response) => {
      const file = new URL(request.url ?? '/', 'http://site').pathname === '/app.bundle.js' ? 'app.bundle.js' : 'index.html';
      void readFile(join(dir, file)).then((body) =>
        response.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body),
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/?mock=${encodeURIComponent(inject('prismUrl'))}`);
      await page.locator('body[data-result]').waitFor({ state: 'attached' });
      expect(JSON.parse((await page.locator('body').getAttribute('data-result')) ?? '')).toEqual({ id: CALL_ID, duration: 7200, notFound: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it("msw: a consumer's tests mock the API in-process with createCallsHandlers and the typed examples", async () => {
    const dir = installed('esm-nodenext');
    const tsc = compiled.get('esm-nodenext');
    expect(`${tsc?.stdout}${tsc?.stderr}`).toBe('');
    expect(tsc?.code).toBe(0);
    const ran = await run(process.execPath, [join(dir, 'dist', 'msw.js')], { cwd: dir });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({
      same: true,
      unauthenticated: true,
      retryAfterMs: 7000,
      stored: true,
      forgotten: true,
      made: true,
      lived: true,
      journal: ['whatsapp'],
      restored: true,
      faulted: 503,
    });
  });

  it('observing: onAttempt, withResponse and waitForCall against a loopback server', async () => {
    const dir = installed('esm-nodenext');
    const tsc = compiled.get('esm-nodenext');
    expect(`${tsc?.stdout}${tsc?.stderr}`).toBe('');
    const ran = await run(process.execPath, [join(dir, 'dist', 'observe.js')], { cwd: dir });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({
      outcomes: ['1:retry:503', '2:ok:200'],
      firstStatus: 200,
      requestId: 'req-2',
      ended: 'completed',
      final: true,
      timedOut: true,
      secretFree: true,
    });
  });

  it('elemente-calls-mock without Prism: one line with the exact install command, and a non-zero exit', async () => {
    const dir = installed('bundler');
    const ran = await run('npx', ['--no-install', 'elemente-calls-mock'], { cwd: dir });
    expect(ran.code).not.toBe(0);
    const lines = ran.stderr.split('\n').filter((line) => line.includes('elemente-calls-mock'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('npm install --save-dev @stoplight/prism-cli@5.14.2');
  });

  it('elemente-calls-mock with Prism: right from its first answer, the examples, Prefer codes and Retry-After 1; stops on SIGTERM to its own PID', async () => {
    const dir = installed('esm-nodenext');
    await addPrism(dir);
    const port = await findFreePort();
    const mock = start('npx', ['--no-install', 'elemente-calls-mock', '--port', String(port)], { cwd: dir });
    const url = `http://127.0.0.1:${port}/api/v1/calls/${CALL_ID}`;
    const authorization = `Basic ${btoa('demo:demo')}`;
    // Asked from the moment of spawn: the first answer the port gives must already be the contract's.
    const first = await firstAnswer(url, { authorization }, mock);
    expect(first.status).toBe(200);
    expect((first.body as { id: string }).id).toBe(CALL_ID);
    const limited = await fetch(url, { headers: { authorization, prefer: 'code=429' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await fetch(url)).status).toBe(401);
    const { left } = await stopWith(mock, 'SIGTERM', port);
    // stopWith returns once every process is gone and the port can be bound again.
    expect(left).toEqual([]);
  });

  it('elemente-calls-mock --simulate --state-file: a created call lives, is updated, survives kill -9 and a restart, and the reset endpoint forgets it', async () => {
    const dir = installed('esm-nodenext');
    await addPrism(dir);
    const stateFile = join(dir, 'state.json');
    const json = { authorization: `Basic ${btoa('demo:demo')}`, 'content-type': 'application/json' };
    const startMock = async () => {
      const port = await findFreePort();
      const mock = start(
        'npx',
        ['--no-install', 'elemente-calls-mock', '--simulate', '--speed', '20', '--state-file', stateFile, '--quiet', '--port', String(port)],
        { cwd: dir },
      );
      await firstAnswer(`http://127.0.0.1:${port}/api/v1/calls`, json, mock);
      return { mock, port, base: `http://127.0.0.1:${port}` };
    };
    const first = await startMock();
    // The contract's own request example, read from the installed package's bundled spec.
    const spec = JSON.parse(await readFile(join(dir, 'node_modules', NAME, 'generated', 'openapi.json'), 'utf8')) as {
      components: { examples: Record<string, { value: unknown }> };
    };
    const created = await fetch(`${first.base}/api/v1/calls`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(spec.components.examples.StartPhoneCall!.value),
    });
    expect(created.status).toBe(200);
    const { id, status } = (await created.json()) as { id: string; status: string };
    expect(status).toBe('queued');
    const updated = await fetch(`${first.base}/api/v1/calls/${id}`, { method: 'PUT', headers: json, body: JSON.stringify({ note: 'Kept across a crash' }) });
    expect(updated.status).toBe(200);
    // kill -9 of the mock itself, not of npx: nothing may be left to flush.
    const [node] = descendants(first.mock.child.pid!).filter((pid) => commandLine(pid).includes('elemente-calls-mock'));
    process.kill(node ?? first.mock.child.pid!, 'SIGKILL');
    await first.mock.stop();
    const second = await startMock();
    const state = (await (await fetch(`${second.base}/_mock/state`)).json()) as { calls: Array<{ id: string }>; mock: Record<string, { note?: string }> };
    expect(state.calls.map((call) => call.id)).toContain(id);
    expect(state.mock[id]?.note).toBe('Kept across a crash');
    // It lives on: at 20 times the speed, it has ended 6 s after it started. Read by the installed client.
    const installedClient = (await import(join(dir, 'node_modules', NAME, 'dist', 'index.js'))) as typeof import('../../src/index.js');
    const client = installedClient.createCallsClient({ username: 'demo', password: 'demo', baseUrl: second.base });
    expect(installedClient.isFinalStatus((await client.waitForCall(id, { intervalMs: 200, timeoutMs: 60_000 })).status)).toBe(true);
    expect((await fetch(`${second.base}/_mock/reset`, { method: 'POST' })).status).toBe(204);
    expect((await fetch(`${second.base}/api/v1/calls/${id}`, { headers: json })).status).toBe(404);
    await stopWith(second.mock, 'SIGTERM', second.port);
  });
});
