// The project's scripts and bin as a user starts them, for tests that drive
// them: started with the one run helper, stopped after each suite.
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/project.js';
import { start, type Started } from '../../scripts/lib/run.js';
import { until } from './until.js';

export { stopAll } from '../../scripts/lib/run.js';
export type { Started } from '../../scripts/lib/run.js';

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
  await until(() => (value = probe()) !== undefined || !process.running());
  if (value === undefined) throw new Error(`${what} did not appear before the process exited\nstdout:\n${process.stdout()}\nstderr:\n${process.stderr()}`);
  return value;
}
