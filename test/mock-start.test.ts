// npm start as a user runs it: the real script, a free port, a request, Ctrl-C.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../scripts/lib/ports.js';
import { runScript, stopAllScripts, waitFor } from './helpers/script-run.js';

const CALL_ID = '123e4567-e89b-12d3-a456-426614174000';

afterAll(stopAllScripts);

function startMock(env: Record<string, string>, args: string[] = []) {
  const run = runScript('mock.ts', args, env);
  const ready = () => waitFor('the ready banner', () => (run.stdout().includes('is ready at') ? true : undefined), run, 60_000);
  return { run, ready };
}

describe('npm start', () => {
  it('serves the contract, prints a curl line that works, and stops cleanly on Ctrl-C', async () => {
    const port = await findFreePort();
    const mock = startMock({ PORT: String(port) });
    try {
      await mock.ready();
      const stdout = mock.run.stdout();
      const url = `http://127.0.0.1:${port}`;
      expect(stdout).toContain(`is ready at ${url}`);
      expect(stdout).toContain(`curl -u demo:demo ${url}/api/v1/calls/${CALL_ID}`);
      expect(stdout).toContain('generated/docs/index.html');
      // Start-up itself logs no error: the readiness probe is not a request Prism complains about.
      expect(stdout.slice(0, stdout.indexOf('is ready at'))).not.toMatch(/error/i);
      const response = await fetch(`${url}/api/v1/calls/${CALL_ID}`, { headers: { authorization: `Basic ${btoa('demo:demo')}` } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { duration: unknown }).duration).toBe(7200);
      mock.run.kill('SIGINT');
      expect(await mock.run.exited).toBe(0);
      // Prism went with it: the port is free again.
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      mock.run.kill('SIGKILL');
    }
  });

  it('serves generated data with --dynamic (npm run mock:dynamic)', async () => {
    const port = await findFreePort();
    const mock = startMock({ PORT: String(port) }, ['--dynamic']);
    try {
      await mock.ready();
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/calls/${CALL_ID}`, { headers: { authorization: `Basic ${btoa('demo:demo')}` } });
      // --errors is on: a generated body that broke the contract would be a 500.
      expect(response.status).toBe(200);
      const call = (await response.json()) as { id: string; duration: number };
      expect(call.id).toMatch(/^[0-9a-f-]{36}$/i);
      expect(Number.isInteger(call.duration)).toBe(true);
    } finally {
      mock.run.kill('SIGINT');
      await mock.run.exited;
    }
  });

  it('reports a taken port in one line, with no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const mock = startMock({ PORT: String(port) });
      expect(await mock.run.exited).toBe(1);
      expect(mock.run.stderr().trim()).toBe(`error: port ${port} on 127.0.0.1 is already in use: stop what uses it, or choose another with PORT=${port + 1}`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a PORT that is not a port', async () => {
    const mock = startMock({ PORT: 'http' });
    expect(await mock.run.exited).toBe(1);
    expect(mock.run.stderr().trim()).toBe('error: PORT must be a number from 1 to 65535, not "http"');
  });
});
