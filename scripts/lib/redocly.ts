// Runs the pinned Redocly CLI with the settings every call needs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ScriptError } from './project.js';

const REDOCLY_BIN = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

/**
 * Telemetry off and no update notice: both settings, and the CLI version, are
 * written into the built docs, so they must be the same on every machine for
 * the output to be byte-stable.
 */
export const REDOCLY_ENV = {
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
} as const;

export interface RedoclyResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `redocly <args>` from the project root and collects its output. */
export function runRedocly(args: readonly string[], options: { cwd?: string } = {}): Promise<RedoclyResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [REDOCLY_BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...REDOCLY_ENV, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr: stripNodeDeprecationBox(stderr) }));
  });
}

/** Runs `redocly <args>` and throws a ScriptError with its output if it fails. */
export async function runRedoclyOrThrow(args: readonly string[], options: { cwd?: string } = {}): Promise<RedoclyResult> {
  const result = await runRedocly(args, options);
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new ScriptError(`redocly ${args[0] ?? ''} failed (exit ${result.code}):\n${output}`);
  }
  return result;
}

/** Redocly 2.x on Node 20 prints a boxed deprecation notice on every run; it says nothing about our spec. */
export function stripNodeDeprecationBox(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*[║╔╚]/.test(line))
    .join('\n');
}
