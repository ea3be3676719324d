import { configDefaults, defineConfig } from 'vitest/config';
import { PACKAGE_VERSION as version } from './scripts/lib/project.js';

/**
 * A suite's file name says which project runs it, so that adding one needs
 * no change here:
 * - <behaviour>.process.test.ts starts a process (Prism, Redocly, npm and
 *   Verdaccio, Chromium, git, tsc, the mock's CLI) or reads the shared Prism
 *   mock (`inject('prismUrl')`), which this project alone starts;
 * - <behaviour>.long.test.ts runs thousands of generated exchanges in this
 *   process: 10 s or more each on two cores, so `npm run test:unit` leaves
 *   it out to stay fast;
 * - every other <behaviour>.test.ts runs in this process alone, loopback
 *   servers of its own included: the `unit` project, `npm run test:unit`.
 * The in-process projects refuse a child process and `inject('prismUrl')`
 * with a message naming the suffix to use (test/setup/in-process.ts).
 */
const PROCESS_SUITES = 'test/**/*.process.test.ts';
const LONG_SUITES = 'test/**/*.long.test.ts';
const IN_PROCESS_GUARD = ['test/setup/in-process.ts'];

export default defineConfig({
  // What tsup stamps into the build (tsup.config.ts), for the tests that import src/.
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    setupFiles: ['test/setup/fast-check.ts'],
    // Vitest gives one worker per core less one, which is one on a 2-core machine; the suites wait on processes more than they compute.
    maxWorkers: 2,
    // Several suites start real processes (Redocly, Prism, Chromium, npm); give them time on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, PROCESS_SUITES, LONG_SUITES],
          setupFiles: IN_PROCESS_GUARD,
          // A worker runs its suites one after another in one module graph
          // instead of starting afresh for each: half the wall time of the
          // project, most of it spent re-importing src/ and fast-check. It is
          // safe because src/ keeps no module state but caches, and every
          // suite closes the servers and MSW listeners it opens and restores
          // what it spies on; the guard's setup file still runs before each
          // suite. Check with --sequence.shuffle.files and a few seeds.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'long', include: [LONG_SUITES], setupFiles: IN_PROCESS_GUARD } },
      {
        extends: true,
        // One Prism mock for the suites that need it, started once for this project only.
        test: { name: 'processes', include: [PROCESS_SUITES], globalSetup: ['test/setup/prism.global.ts'] },
      },
    ],
  },
});
