// The project's scripts and bin as a user starts them, for tests that drive
// them: started with the one run helper, stopped after each suite; and what
// /proc says about processes (which ones a process started, whether one is
// still alive), so that a test can prove a stop left nothing behind.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { vi } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';
import { type Started, start } from '../../scripts/lib/run.js';

export type { Started } from '../../scripts/lib/run.js';
export { stopAll } from '../../scripts/lib/run.js';

/** How long a wait on a process may take: below the test timeout, so that a hang fails here, with its reason. */
const PROCESS_WAIT = { timeout: 50_000, interval: 10 };

/** The parent pid and state of `pid`, or undefined once it is gone. */
function statOf(pid: number): { ppid: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields after it are fixed.
    const [state = '', ppid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

/** True while `pid` runs (a zombie, waiting for its parent to read its exit, counts as gone). */
export function isAlive(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Every process below `pid`, children first. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat) parents.set(Number(entry), stat.ppid);
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    const children = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...children);
    frontier = children;
  }
  return found;
}

/** The command line of `pid`, its arguments joined by spaces. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

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
 * process printed, if the process exits first. A hang fails after PROCESS_WAIT.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined, process: Started): Promise<T> {
  let value: T | undefined;
  await vi.waitUntil(() => {
    value = probe();
    return value !== undefined || !process.running();
  }, PROCESS_WAIT);
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
  await vi.waitUntil(() => family.every((member) => !isAlive(member)), PROCESS_WAIT);
  await vi.waitUntil(() => portIsFree(port), PROCESS_WAIT);
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
