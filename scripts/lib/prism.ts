// Starting the pinned Prism CLI, for the validation proxy and the tests. The
// mock server runs Prism's engine in its own process instead (src/mock/);
// where to listen is read and checked by the same code for both.
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { listen, localUrl, readHost, readPort, StartError } from '../../src/mock/listen.js';
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

/** The scripts print a ScriptError as one line; listen.ts says the same thing as a StartError. */
const asScriptError = (error: unknown): unknown => (error instanceof StartError ? new ScriptError(error.message) : error);

/** Listens on host:port, or throws a one-line ScriptError that says why not (the mock's rules, for the scripts' PORT). */
export async function listenOn(server: Server, host: string, port: number): Promise<void> {
  await listen(server, host, port, `PORT=${port + 1}`).catch((error: unknown) => {
    throw asScriptError(error);
  });
}

/** Throws a one-line ScriptError if `host:port` cannot be had. Prism itself answers a taken port with its whole help text. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  const probe = createServer();
  await listenOn(probe, host, port);
  await new Promise((resolve) => probe.close(resolve));
}

/** Reads PORT and HOST from the environment (empty is unset), with one clear line for a bad value. */
export function listenAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  try {
    return { host: readHost(env.HOST || '127.0.0.1', 'HOST'), port: readPort(env.PORT || '4010', 'PORT') };
  } catch (error) {
    throw asScriptError(error);
  }
}

export { localUrl };
