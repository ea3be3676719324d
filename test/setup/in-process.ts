// The unit and long projects run each suite in the test process alone, so
// that `npm run test:unit` needs nothing but Node. A suite that starts a
// process or reads the shared Prism mock belongs in the processes project,
// which a file joins by its name alone: <behaviour>.process.test.ts. Here
// both fail at once, with a message that says so, instead of timing out or
// reading an empty URL.
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { relative } from 'node:path';
import { afterAll, expect } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';

const RENAME = 'rename the file to <behaviour>.process.test.ts, which runs in the processes project (Prism started, processes allowed)';

/** What a suite did that this project refuses; kept, so that a suite that catches the error still fails. */
const refused: string[] = [];

function refuse(what: string): never {
  const path = expect.getState().testPath;
  const file = path ? relative(ROOT, path) : 'a suite';
  const message = `${file} ${what}, but the unit and long projects run in this process alone: ${RENAME}`;
  refused.push(message);
  throw new Error(message);
}

// Every way node:child_process starts a process. The ESM bindings (import
// { spawn } from 'node:child_process', and tinyexec's) follow the patched
// module once syncBuiltinESMExports has run.
const STARTERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
const originals = new Map(STARTERS.map((name) => [name, childProcess[name]]));
for (const name of STARTERS) {
  Object.defineProperty(childProcess, name, {
    configurable: true,
    writable: true,
    value: (command: unknown) => refuse(`starts a child process (${name} ${String(command)})`),
  });
}
syncBuiltinESMExports();

// inject() reads vitest's worker state; only the processes project's global setup provides prismUrl.
const state = (globalThis as { __vitest_worker__?: { providedContext?: Record<string, unknown> } }).__vitest_worker__;
if (typeof state?.providedContext !== 'object' || state.providedContext === null) {
  throw new Error('test/setup/in-process.ts: vitest no longer keeps providedContext in its worker state; guard inject() another way');
}
state.providedContext = new Proxy(state.providedContext, {
  get(target, key, receiver) {
    if (key === 'prismUrl') refuse("reads inject('prismUrl'), the shared Prism mock");
    return Reflect.get(target, key, receiver);
  },
});

afterAll(() => {
  for (const [name, original] of originals) Object.defineProperty(childProcess, name, { configurable: true, writable: true, value: original });
  syncBuiltinESMExports();
  if (refused.length > 0) throw new Error(refused.join('\n'));
});
