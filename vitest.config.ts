import { configDefaults, defineConfig } from 'vitest/config';
import { PACKAGE_VERSION as version } from './scripts/lib/project.js';

/**
 * The suites that start a process (Prism, Redocly, npm and Verdaccio, Chromium,
 * git, tsc, the mock's CLI) or read the shared Prism mock. Every other suite
 * runs in this process alone, loopback servers of its own included, and is in
 * the `unit` project that `npm run test:unit` runs. A new suite that needs
 * Prism fails there until it is listed here: `inject('prismUrl')` is empty.
 */
const NEEDS_PROCESSES = [
  'test/client/against-prism.test.ts',
  'test/properties/prism-inputs.test.ts',
  'test/mock/{prism-examples,same-answers,server,stateful}.test.ts',
  'test/contract/{breaking,proxy,proxy-forwarding}.test.ts',
  'test/package/{docs-browser,gates,release,snippets,workflows}.test.ts',
];

/**
 * In-process suites that run thousands of generated exchanges: 10 s or more
 * each on two cores. npm test runs them; `npm run test:unit` leaves them out
 * to stay within its 20 s.
 */
const LONG_PROPERTIES = ['test/properties/{fuzz,malformed-answers}.test.ts'];

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
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...NEEDS_PROCESSES, ...LONG_PROPERTIES] },
      },
      { extends: true, test: { name: 'long-properties', include: LONG_PROPERTIES } },
      {
        extends: true,
        // One Prism mock for the suites that need it, started once for this project only.
        test: { name: 'processes', include: NEEDS_PROCESSES, globalSetup: ['test/setup/prism.global.ts'] },
      },
    ],
  },
});
