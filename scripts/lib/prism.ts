// Starting the pinned Prism CLI, for the validation proxy and the tests (the
// mock's own start-up is in bin/elemente-calls-mock.js, which ships without
// this folder).
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, ScriptError } from './project.js';
import { type Started, start } from './run.js';

export const PRISM_BIN = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

/**
 * Starts `prism <args>`, its output collected. Not NODE_ENV=production: it
 * turns on Prism's multi-process mode, which exits 0 even when the port is taken.
 */
export function startPrism(args: readonly string[]): Started {
  return start(process.execPath, [PRISM_BIN, ...args], { env: { NODE_ENV: 'development' } });
}

/**
 * The readiness probe: a CORS preflight, which Prism answers itself (204) in
 * mock and proxy mode alike, without logging it and without forwarding it to
 * the upstream. A GET would be logged as an error for an unknown path or
 * forwarded to the live API.
 */
const READY_PROBE: RequestInit = { method: 'OPTIONS', headers: { origin: 'http://localhost', 'access-control-request-method': 'GET' } };

/** Resolves once `url` answers HTTP at all; rejects if Prism exits first or time runs out. */
export async function waitForHttp(url: string, prism: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!prism.running())
      throw new ScriptError(`prism exited with code ${prism.child.exitCode} before it answered on ${url}\n${prism.stdout()}${prism.stderr()}`);
    try {
      await fetch(`${url}/__prism-ready`, { ...READY_PROBE, signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new ScriptError(`prism did not answer on ${url} within ${timeoutMs / 1000} s\n${prism.stdout()}${prism.stderr()}`);
}

/** Throws a one-line ScriptError if `host:port` is taken. Prism itself answers a taken port with its whole help text. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new ScriptError(`port ${port} on ${host} is already in use: stop what uses it, or choose another with PORT=${port + 1}`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(new ScriptError(`cannot listen on ${host}: no such local address (set HOST to 127.0.0.1 or 0.0.0.0)`));
      else if (error.code === 'EACCES') reject(new ScriptError(`not allowed to listen on port ${port} (ports below 1024 need privileges): set PORT`));
      else reject(error);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Reads PORT and HOST from the environment, with one clear line for a bad value. */
export function listenAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const host = env.HOST || '127.0.0.1';
  const rawPort = env.PORT || '4010';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) throw new ScriptError(`PORT must be a number from 1 to 65535, not "${rawPort}"`);
  return { host, port };
}

/** The URL a client on this machine uses to reach `host:port`. */
export function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
