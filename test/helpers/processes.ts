// The project's scripts and bin as a user starts them, for tests that drive
// them: started with the one run helper, stopped after each suite.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ROOT } from '../../scripts/lib/project.js';
import { type Started, start } from '../../scripts/lib/run.js';
import { commandLine, descendants, isAlive } from './proc.js';
import { until } from './until.js';

export type { Started } from '../../scripts/lib/run.js';
export { stopAll } from '../../scripts/lib/run.js';

/** scripts/<script> run as npm runs it, with tsx. */
export function startScript(script: string, args: string[] = [], env: Record<string, string> = {}): Started {
  return start(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], { env });
}

/** `npm <args>` in the project, as a user types it. */
export function startNpm(args: string[], env: Record<string, string> = {}): Started {
  return start('npm', args, { env });
}

/**
 * Resolves with `probe()`'s first defined value; rejects, with everything the
 * process printed, if the process exits first. A hang fails by the test's timeout.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined, process: Started): Promise<T> {
  let value: T | undefined;
  await until(() => {
    value = probe();
    return value !== undefined || !process.running();
  });
  if (value === undefined) throw new Error(`${what} did not appear before the process exited\nstdout:\n${process.stdout()}\nstderr:\n${process.stderr()}`);
  return value;
}

/** True once nothing listens on the port: it can be bound again. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Sends `signal` to `mock` alone and waits until it, every process it started, and its hold on the port are gone. */
export async function stopWith(mock: Started, signal: NodeJS.Signals, port: number): Promise<{ exitCode: number | null; left: string[] }> {
  const pid = mock.child.pid ?? 0;
  const family = descendants(pid);
  process.kill(pid, signal);
  const exitCode = await mock.exited;
  let free = false;
  await until(() => family.every((member) => !isAlive(member)));
  await until(() => {
    void portIsFree(port).then((answer) => (free = answer));
    return free;
  });
  return { exitCode, left: family.filter(isAlive).map(commandLine) };
}

/**
 * The first answer at `url`, asked from now on until one comes: a refused
 * connection is asked again on the next turn of the event loop, so that the
 * first answer the port gives is the one returned.
 */
export async function firstAnswer(url: string, headers: Record<string, string>, process: Started): Promise<{ status: number; body: unknown }> {
  for (;;) {
    if (!process.running()) throw new Error(`the mock exited before it answered\n${process.stdout()}\n${process.stderr()}`);
    try {
      const response = await fetch(url, { headers });
      return { status: response.status, body: await response.json() };
    } catch {
      await nextTurn();
    }
  }
}
