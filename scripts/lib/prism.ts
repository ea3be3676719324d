// Starting the pinned Prism CLI: shared by npm start, the proxy and the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, ScriptError } from './project.js';

export const PRISM_BIN = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

export interface PrismChild {
  child: ChildProcess;
  /** Everything Prism printed so far (when its output is collected). */
  output(): string;
  /** Stops Prism (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Spawns `prism <args>`. With `inherit`, its output goes straight to this
 * process's terminal; otherwise it is collected for output().
 */
export function spawnPrism(args: readonly string[], options: { inherit?: boolean } = {}): PrismChild {
  // Not NODE_ENV=production: it turns on Prism's multiprocess mode, which exits 0 even when the port is taken.
  const child = spawn(process.execPath, [PRISM_BIN, ...args], {
    cwd: ROOT,
    stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: options.inherit ? process.env['FORCE_COLOR'] : '0' },
  });
  let log = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Resolves once `url` answers HTTP at all; rejects if the process exits first or time runs out.
 * `init` changes the probe request: a proxy forwards a plain GET upstream, but answers a CORS preflight itself.
 */
/**
 * The readiness probe: a CORS preflight, which Prism answers itself (204) in
 * mock and proxy mode alike, without logging it and without forwarding it to
 * the upstream. A GET would be logged as an error for an unknown path (the
 * first thing a user of npm start would see) or forwarded to the live API.
 */
const READY_PROBE: RequestInit = { method: 'OPTIONS', headers: { origin: 'http://localhost', 'access-control-request-method': 'GET' } };

export async function waitForHttp(url: string, prism: PrismChild, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { exitCode } = prism.child;
    if (exitCode !== null) throw new ScriptError(`prism exited with code ${exitCode} before it answered on ${url}\n${prism.output()}`);
    try {
      // Any answer means it listens.
      await fetch(`${url}/__prism-ready`, { ...READY_PROBE, signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new ScriptError(`prism did not answer on ${url} within ${timeoutMs / 1000} s\n${prism.output()}`);
}

/**
 * Throws a one-line ScriptError if `host:port` is taken. Prism itself
 * answers a taken port with its whole help text and an empty "fatal" line.
 */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new ScriptError(`port ${port} on ${host} is already in use: stop what uses it, or choose another with PORT=${port + 1}`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new ScriptError(`cannot listen on ${host}: no such local address (set HOST to 127.0.0.1 or 0.0.0.0)`));
      else if (error.code === 'EACCES') reject(new ScriptError(`not allowed to listen on port ${port} (ports below 1024 need privileges): set PORT`));
      else reject(error);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Reads PORT and HOST from the environment, with one clear line for a bad value. */
export function listenAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  const host = env['HOST'] || '127.0.0.1';
  const rawPort = env['PORT'] || '4010';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) throw new ScriptError(`PORT must be a number from 1 to 65535, not "${rawPort}"`);
  return { host, port };
}

/** The URL a client on this machine uses to reach `host:port`. */
export function localUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
