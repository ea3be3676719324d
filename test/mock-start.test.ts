// npm start and the elemente-calls-mock bin as a user runs them: a free port,
// requests, and a stop by a signal to that one process, after which no Prism
// is left and the port is free.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../scripts/lib/ports.js';
import { ROOT } from '../scripts/lib/project.js';
import { start } from '../scripts/lib/run.js';
import { CALL_ID } from './helpers/contract.js';
import { type Started, startNpm, stopAll, stopWith, waitFor } from './helpers/processes.js';

const AUTH = { authorization: `Basic ${btoa('demo:demo')}` };
const BIN = join(ROOT, 'bin', 'elemente-calls-mock.js');

afterAll(stopAll);

function startBin(args: string[], env: Record<string, string> = {}, bin = BIN): Started {
  return start(process.execPath, [bin, ...args], { env });
}

function ready(mock: Started): Promise<true> {
  return waitFor('the ready banner', () => (mock.stdout().includes('is ready at') ? true : undefined), mock);
}

describe('npm start', () => {
  it('serves the contract, prints a curl line that works, and stops with all its processes on SIGTERM to the npm process', async () => {
    const port = await findFreePort();
    const mock = startNpm(['start'], { PORT: String(port) });
    await ready(mock);
    const url = `http://127.0.0.1:${port}`;
    const stdout = mock.stdout();
    expect(stdout).toContain(`is ready at ${url}`);
    expect(stdout).toContain(`curl -u demo:demo ${url}/api/v1/calls/${CALL_ID}`);
    expect(stdout).toContain(join(ROOT, 'generated', 'docs', 'index.html'));
    // Start-up itself logs no error: the readiness probe is not a request Prism complains about.
    expect(stdout.slice(0, stdout.indexOf('is ready at'))).not.toMatch(/error/i);
    const response = await fetch(`${url}/api/v1/calls/${CALL_ID}`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { duration: unknown }).duration).toBe(7200);
    const { left } = await stopWith(mock, 'SIGTERM', port);
    expect(left).toEqual([]);
  });
});

describe('elemente-calls-mock', () => {
  it('answers a body that is not JSON, and an unknown path, with the contract error body and nothing of Prism or the machine; stops with Prism on SIGINT to its own process', async () => {
    const port = await findFreePort();
    const mock = startBin(['--port', String(port)]);
    await ready(mock);
    const url = `http://127.0.0.1:${port}`;
    const malformed = await fetch(`${url}/api/v1/calls/${CALL_ID}`, {
      method: 'PUT',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{"note": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('sl-violations')).toContain('not valid JSON');
    expect(await malformed.json()).toEqual({ statusCode: 400, message: ['The request body is not valid JSON'], error: 'Bad Request' });
    const unknown = await fetch(`${url}/api/v1/nothing-here`, { headers: AUTH });
    expect(unknown.status).toBe(404);
    const text = await unknown.text();
    expect(JSON.parse(text)).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(text).not.toMatch(/stoplight|prism|\/work\/|node_modules|at \w+ \(/i);
    // The body is parsed before the credentials are checked, as Prism orders it.
    const anonymous = await fetch(`${url}/api/v1/calls/${CALL_ID}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"note": ' });
    expect(anonymous.status).toBe(400);
    expect(await anonymous.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const { exitCode, left } = await stopWith(mock, 'SIGINT', port);
    expect(exitCode).toBe(0);
    expect(left).toEqual([]);
    expect(mock.stdout()).toContain('Received SIGINT: stopping the mock.');
  });

  it('serves generated data with --dynamic (npm run mock:dynamic)', async () => {
    const port = await findFreePort();
    const mock = startBin(['--dynamic'], { PORT: String(port) });
    await ready(mock);
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/calls/${CALL_ID}`, { headers: AUTH });
    // --errors is on: a generated body that broke the contract would be a 500.
    expect(response.status).toBe(200);
    const call = (await response.json()) as { id: string; duration: number };
    expect(call.id).toMatch(/^[0-9a-f-]{36}$/i);
    expect(Number.isInteger(call.duration)).toBe(true);
    await mock.stop();
  });

  it('reports a taken port in one line, with no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const mock = startBin(['--port', String(port)]);
      expect(await mock.exited).toBe(1);
      expect(mock.stderr()).toBe(`elemente-calls-mock: port ${port} on 127.0.0.1 is already in use: stop what uses it, or choose another with --port\n`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a port that is not a port, and an unknown flag, in one line', async () => {
    const badPort = startBin([], { PORT: 'http' });
    expect(await badPort.exited).toBe(1);
    expect(badPort.stderr()).toBe('elemente-calls-mock: the port must be a number from 1 to 65535, not "http"\n');
    const badFlag = startBin(['--prot', '1']);
    expect(await badFlag.exited).toBe(1);
    expect(badFlag.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('says in one line how to install Prism when it is missing', async () => {
    // The bin and the spec as a package ships them, in a folder with no node_modules to find Prism in.
    const folder = await mkdtemp(join(tmpdir(), 'calls-api-no-prism-'));
    try {
      await cp(join(ROOT, 'bin'), join(folder, 'bin'), { recursive: true });
      await cp(join(ROOT, 'generated', 'openapi.json'), join(folder, 'generated', 'openapi.json'));
      const mock = startBin([], {}, join(folder, 'bin', 'elemente-calls-mock.js'));
      expect(await mock.exited).toBe(1);
      expect(mock.stderr()).toBe(
        'elemente-calls-mock: Prism is not installed; install it next to this package: npm install --save-dev @stoplight/prism-cli@5.14.2\n',
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
