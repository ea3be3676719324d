// Starts a real Prism process on loopback and stops it, for tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { GENERATED_DIR, ROOT } from '../../scripts/lib/project.js';
import { findFreePort } from './ports.js';

export const PRISM_BIN = join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

export interface PrismProcess {
  url: string;
  /** Everything Prism printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrismOptions {
  mode?: 'mock' | 'proxy';
  /** For proxy mode: the server to forward to. */
  upstream?: string;
  spec?: string;
  args?: string[];
  /** How long to wait for Prism to answer; its start-up takes a few seconds on 2 cores. */
  readyTimeoutMs?: number;
}

async function waitUntilAnswering(url: string, child: ChildProcess, deadline: number, output: () => string): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      // Any HTTP answer (404 for an unknown path) means the server listens.
      await fetch(`${url}/__ready`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`prism did not answer on ${url} in time:\n${output()}`);
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismProcess> {
  const { mode = 'mock', spec = join(GENERATED_DIR, 'openapi.json'), args = [], readyTimeoutMs = 60_000 } = options;
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const positional = mode === 'proxy' ? [spec, options.upstream ?? ''] : [spec];
  const child = spawn(process.execPath, [PRISM_BIN, mode, ...positional, '--host', '127.0.0.1', '--port', String(port), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
  });
  let log = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitUntilAnswering(url, child, Date.now() + readyTimeoutMs, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => log, stop };
}
