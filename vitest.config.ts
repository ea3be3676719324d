import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/prism.global.ts'],
    // Several suites start real processes (Redocly, Prism); give them time on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Type-level assertions in *.test-d.ts are checked by tsc and reported as tests.
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
