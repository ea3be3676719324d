// The one way the scripts and tests run a command and collect its output:
// tinyexec, with the project's tools resolved from node_modules/.bin and the
// settings every run needs.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { x } from 'tinyexec';
import { ROOT, ScriptError } from './project.js';

/**
 * Redocly's telemetry off and no update notice: the built docs record both
 * settings, so they must be the same on every machine for the output to be
 * byte-stable, and no run should phone home.
 */
export const TOOL_ENV = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } as const;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args` (a tool of node_modules/.bin, or any program on PATH) and collects its output, whatever its exit code. */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  const result = await x(command, [...args], {
    nodeOptions: { cwd: options.cwd ?? ROOT, env: { ...process.env, ...TOOL_ENV, ...options.env } },
    throwOnError: false,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  return { code: result.exitCode ?? 1, stdout: result.stdout, stderr: stripNodeDeprecationBox(result.stderr) };
}

/** The path of a tool installed in node_modules/.bin. */
export const bin = (tool: string): string => join(ROOT, 'node_modules', '.bin', tool);

/** Runs a tool of node_modules/.bin and throws a ScriptError with its output if it fails. */
export async function runTool(tool: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  const result = await run(bin(tool), args, options);
  if (result.code !== 0) throw new ScriptError(`${tool} ${args[0] ?? ''} failed (exit ${result.code}):\n${`${result.stdout}\n${result.stderr}`.trim()}`);
  return result;
}

/** Redocly 2.x on Node 20 prints a boxed deprecation notice on every run; it says nothing about our spec. */
export function stripNodeDeprecationBox(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*[║╔╚]/.test(line))
    .join('\n');
}

/** A long-running process started with `start`: its output so far, its exit, and a way to stop it. */
export interface Started {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code, or null when a signal ended it; resolves once the process has exited and all of its output has been read. */
  exited: Promise<number | null>;
  running(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const started = new Set<Started>();

/** Starts `command args` and collects its output as it comes, for a server or a script that a test drives. */
export function start(command: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Started {
  const result = x(command, [...args], {
    nodeOptions: { cwd: options.cwd ?? ROOT, env: { ...process.env, ...TOOL_ENV, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    throwOnError: false,
  });
  const child = result.process as ChildProcess;
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const running = () => child.exitCode === null && child.signalCode === null;
  // 'close', not 'exit': a process can exit before the last of its output has been read from the pipes.
  const exited = new Promise<number | null>((resolve) => {
    if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false && !running()) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });
  const handle: Started = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    running,
    async stop(graceMs = 5_000) {
      if (running()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      started.delete(handle);
    },
  };
  started.add(handle);
  void exited.then(() => started.delete(handle));
  return handle;
}

/** Stops every process `start` started that is still running: a test's afterAll. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((handle) => handle.stop()));
}
