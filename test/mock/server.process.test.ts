// The mock server as a user runs it (npm start, and its flags): right from
// its first answer, the contract's error body for whatever Prism cannot
// answer, bounds on what a request may hold, CORS, one clear line for every
// mistake in how it is started, and a clean stop.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/ports.js';
import { ROOT } from '../../scripts/lib/project.js';
import { type Started, start } from '../../scripts/lib/run.js';
import { examples } from '../../src/examples.js';
import { loadPrism, PrismMissingError } from '../../src/mock/engine.js';
import { CALL_ID } from '../helpers/contract.js';
import { firstAnswer, portIsFree, startNpm, stopAll, stopWith } from '../helpers/processes.js';
import { AUTH, startServerDoor, waitForOutput } from './doors.js';

afterAll(stopAll);

const CLI = join(ROOT, 'src', 'mock', 'cli.ts');
const startCli = (args: string[], env: Record<string, string> = {}): Started => start(process.execPath, ['--import', 'tsx', CLI, ...args], { env });

describe('npm start', () => {
  it("gives the contract's answer from its first one: 200 with credentials and 401 without, while it starts", async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const mock = startNpm(['start', '--', '--port', String(port)]);
    // Both ask from the moment of spawn, before the port opens.
    const [withCredentials, without] = await Promise.all([
      firstAnswer(`${url}/api/v1/calls/${CALL_ID}`, { authorization: AUTH }, mock),
      firstAnswer(`${url}/api/v1/calls/${CALL_ID}`, {}, mock),
    ]);
    expect(withCredentials).toEqual({ status: 200, body: examples.CallInProgress });
    expect(without).toEqual({ status: 401, body: examples.Unauthorized });
    await waitForOutput(mock, 'is ready at');
    const stdout = mock.stdout();
    expect(stdout).toContain(`is ready at ${url}`);
    expect(stdout).toContain(`curl -u demo:demo ${url}/api/v1/calls/${CALL_ID}`);
    expect(stdout).toContain(join(ROOT, 'generated', 'docs', 'index.html'));
    // One line per request, after the banner; a line may reach the pipe after its answer reached the client.
    await waitForOutput(mock, `GET /api/v1/calls/${CALL_ID} -> 401`);
    await waitForOutput(mock, `GET /api/v1/calls/${CALL_ID} -> 200`);
    const { left } = await stopWith(mock, 'SIGTERM', port);
    expect(left).toEqual([]);
  });
});

describe('elemente-calls-mock', () => {
  it("answers what Prism cannot with the contract's error body, and nothing of Prism or the machine", async () => {
    const door = await startServerDoor([]);
    try {
      const json = { authorization: AUTH, 'content-type': 'application/json' };
      const malformed = await fetch(`${door.url}/api/v1/calls/${CALL_ID}`, { method: 'PUT', headers: json, body: '{"note": ' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('sl-violations')).toContain('not valid JSON');
      expect(await malformed.json()).toEqual({ statusCode: 400, message: ['The request body is not valid JSON'], error: 'Bad Request' });
      for (const [path, init, status] of [
        ['/api/v1/nothing-here', {}, 404],
        [`/api/v1/calls/${CALL_ID}`, { method: 'DELETE' }, 405],
        [`/api/v1/calls/${CALL_ID}`, { headers: { accept: 'text/html' } }, 406],
      ] as const) {
        const response = await fetch(door.url + path, { ...init, headers: { authorization: AUTH, ...('headers' in init ? init.headers : {}) } });
        const text = await response.text();
        expect({ path, status: response.status }).toEqual({ path, status });
        expect(JSON.parse(text)).toMatchObject({ statusCode: status, message: [expect.any(String)] });
        expect(text).not.toMatch(/stoplight|prism|\/work\/|node_modules|at \w+ \(/i);
      }
      // A status or example Prism cannot give is answered with its reason.
      const unknown = await fetch(`${door.url}/api/v1/calls/${CALL_ID}`, { headers: { authorization: AUTH, prefer: 'example=Nope' } });
      expect(await unknown.json()).toEqual({
        statusCode: 404,
        message: ['Response for contentType: application/json and exampleKey: Nope does not exist.'],
        error: 'Not Found',
      });
    } finally {
      await door.close();
    }
  });

  it('refuses a body over 1 MiB with 413, and one nested deeper than 64 levels with 400, answering both', async () => {
    const door = await startServerDoor([]);
    try {
      const json = { authorization: AUTH, 'content-type': 'application/json' };
      const large = await fetch(`${door.url}/api/v1/calls/${CALL_ID}`, {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(large.status).toBe(413);
      expect(await large.json()).toEqual({
        statusCode: 413,
        message: ['The request body is larger than the mock reads (1048576 bytes)'],
        error: 'Payload Too Large',
      });
      const deep = await fetch(`${door.url}/api/v1/calls`, { method: 'POST', headers: json, body: `${'['.repeat(20_000)}${']'.repeat(20_000)}` });
      expect(deep.status).toBe(400);
      expect(await deep.json()).toEqual({ statusCode: 400, message: ['The request body nests deeper than 64 levels'], error: 'Bad Request' });
      // And it still answers.
      expect((await fetch(`${door.url}/api/v1/calls/${CALL_ID}`, { headers: { authorization: AUTH } })).status).toBe(200);
    } finally {
      await door.close();
    }
  });

  it('shares answers to credentials only with pages of this machine, unless --any-origin-credentials', async () => {
    const door = await startServerDoor([]);
    const open = await startServerDoor(['--any-origin-credentials']);
    try {
      const ask = async (url: string, origin: string) => (await fetch(`${url}/api/v1/calls/${CALL_ID}`, { headers: { authorization: AUTH, origin } })).headers;
      expect((await ask(door.url, 'http://localhost:5173')).get('access-control-allow-credentials')).toBe('true');
      expect((await ask(door.url, 'http://127.0.0.1:8080')).get('access-control-allow-credentials')).toBe('true');
      const remote = await ask(door.url, 'https://app.example.com');
      expect(remote.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(remote.get('access-control-allow-credentials')).toBeNull();
      expect((await ask(open.url, 'https://app.example.com')).get('access-control-allow-credentials')).toBe('true');
      const preflight = await fetch(`${door.url}/api/v1/calls`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    } finally {
      await Promise.all([door.close(), open.close()]);
    }
  });

  it('answers the reset endpoint with 404 when it keeps no state', async () => {
    const door = await startServerDoor([]);
    try {
      const reset = await fetch(`${door.url}/_mock/reset`, { method: 'POST' });
      expect(reset.status).toBe(404);
      expect(((await reset.json()) as { message: string[] }).message[0]).toContain('--stateful');
    } finally {
      await door.close();
    }
  });

  it('serves generated data with --dynamic', async () => {
    const door = await startServerDoor(['--dynamic']);
    try {
      const response = await fetch(`${door.url}/api/v1/calls/${CALL_ID}`, { headers: { authorization: AUTH } });
      // The answer is checked against the contract: a generated body that broke it would be a 500.
      expect(response.status).toBe(200);
      const call = (await response.json()) as { id: string; duration: number };
      expect(call.id).toMatch(/^[0-9a-f-]{36}$/i);
      expect(Number.isInteger(call.duration)).toBe(true);
    } finally {
      await door.close();
    }
  });

  it('stops on SIGINT to its own process, saying so', async () => {
    const port = await findFreePort();
    const mock = startCli(['--port', String(port)]);
    await waitForOutput(mock, 'is ready at');
    // The CLI runs under node --import tsx: one process, with no child.
    process.kill(mock.child.pid ?? 0, 'SIGINT');
    expect(await mock.exited).toBe(0);
    expect(mock.stdout()).toContain('Received SIGINT: stopping the mock.');
    await expect.poll(() => portIsFree(port), { timeout: 30_000, interval: 50 }).toBe(true);
  });

  it('lists every flag and the reset endpoint in --help', async () => {
    const help = startCli(['--help']);
    expect(await help.exited).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--dynamic',
      '--stateful',
      '--seed',
      '--quiet',
      '--any-origin-credentials',
      '--help',
      'POST /_mock/reset',
      'Retry-After: 1',
    ]) {
      expect(help.stdout()).toContain(flag);
    }
  });

  it('says in one line what is wrong with how it was started', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const cases: Array<[string[], Record<string, string>, string]> = [
      [['--port', String(port)], {}, `port ${port} on 127.0.0.1 is already in use: stop what uses it, or choose another with --port`],
      [[], { PORT: 'http' }, 'PORT must be a number from 1 to 65535, not "http"'],
      [['--port', '70000'], {}, '--port must be a number from 1 to 65535, not "70000"'],
      [['--host', ''], {}, '--host must not be empty: use 127.0.0.1 (this machine), or 0.0.0.0 to listen on every interface'],
      [['--seed', '7'], {}, '--seed sets the ids of --stateful or --simulate and the draws of --latency and --fail-rate: add one'],
      [['--stateful', '--seed', 'x'], {}, '--seed must be a whole number from 0 to 4294967295, not "x"'],
    ];
    try {
      for (const [args, env, line] of cases) {
        const mock = startCli(args, env);
        expect(await mock.exited).toBe(1);
        expect(mock.stderr()).toBe(`elemente-calls-mock: ${line}\n`);
      }
      const badFlag = startCli(['--prot', '1']);
      expect(await badFlag.exited).toBe(1);
      expect(badFlag.stderr().trim().split('\n')).toHaveLength(1);
      expect(badFlag.stderr()).toContain('--prot');
    } finally {
      blocker.close();
    }
  });

  it('takes an empty HOST as unset, and listens on this machine only', async () => {
    const port = await findFreePort();
    const mock = startCli(['--port', String(port)], { HOST: '' });
    await waitForOutput(mock, 'is ready at');
    expect(mock.stdout()).toContain(`is ready at http://127.0.0.1:${port}`);
    await mock.stop();
  });

  it('warns, when it listens on every interface, that other machines can reach it', async () => {
    const port = await findFreePort();
    const mock = startCli(['--port', String(port), '--host', '0.0.0.0']);
    await waitForOutput(mock, 'is ready at');
    expect(mock.stdout()).toContain(`is ready at http://127.0.0.1:${port}`);
    expect(mock.stdout()).toContain('Listening on every interface (0.0.0.0): other machines can reach this mock.');
    await mock.stop();
  });

  it('says in one line how to install Prism where it is missing', () => {
    // Resolved from where the package is installed: here, a folder with no node_modules.
    expect(() => loadPrism('file:///nonexistent/dist/bin/elemente-calls-mock.js')).toThrow(
      new PrismMissingError('Prism is not installed; install it next to this package: npm install --save-dev @stoplight/prism-cli@5.14.2'),
    );
  });
});
