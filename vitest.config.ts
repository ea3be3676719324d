import { defineConfig } from 'vitest/config';
import { PACKAGE_VERSION as version } from './scripts/lib/project.js';

export default defineConfig({
  // What tsup stamps into the build (tsup.config.ts), for the tests that import src/.
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/prism.global.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    // Vitest gives one worker per core less one, which is one on a 2-core machine; the suites wait on processes more than they compute.
    maxWorkers: 2,
    // Several suites start real processes (Redocly, Prism, Chromium, npm); give them time on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
