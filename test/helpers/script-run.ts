// Runs one of the project's scripts (scripts/*.ts) as npm runs it, with tsx,
// and collects its output; stopAllScripts() ends whatever a test left running.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/project.js';

export interface ScriptRun {
  stdout(): string;
  stderr(): string;
  /** The exit code, once the script has exited. */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  running(): boolean;
}

const runs: ScriptRun[] = [];

/** Runs scripts/<script> with `args`, with `env` added to this process's environment. */
export function runScript(script: string, args: string[] = [], env: Record<string, string> = {}): ScriptRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const run: ScriptRun = {
    stdout: () => stdout,
    stderr: () => stderr,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    kill: (signal) => child.kill(signal),
    running: () => child.exitCode === null && child.signalCode === null,
  };
  runs.push(run);
  return run;
}

/** Polls `probe` until it returns a value; fails with the script's output if it exits or time runs out. */
export async function waitFor<T>(what: string, probe: () => T | undefined, run: ScriptRun, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline || !run.running()) throw new Error(`${what} did not appear\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM to every script still running (they stop their Prism children), SIGKILL after 10 s. */
export async function stopAllScripts(): Promise<void> {
  await Promise.all(
    runs.splice(0).map(async (run) => {
      if (!run.running()) return;
      run.kill('SIGTERM');
      const timer = setTimeout(() => run.kill('SIGKILL'), 10_000);
      await run.exited;
      clearTimeout(timer);
    }),
  );
}
