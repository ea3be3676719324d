// Runs a command to completion, timing it and keeping its output, with a
// hard time limit so that one stuck child cannot stall the whole run.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../../scripts/lib/project.js';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface CommandOptions {
  /** Killed (SIGTERM, then SIGKILL 5 s later) after this long. */
  timeoutMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      clearTimeout(killer);
      if (signal && ms >= options.timeoutMs) {
        reject(new Error(`${command} ${args.join(' ')} took longer than ${options.timeoutMs / 1000} s and was stopped`));
        return;
      }
      resolve({ code, stdout, stderr, ms });
    });
  });
}

/** Like runCommand, but a non-zero exit is an error that quotes the end of the output. */
export async function runChecked(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with code ${result.code}:\n${output}`);
  }
  return result;
}
