/** Replaced with package.json's version by the build (tsup.config.ts) and the tests (vitest.config.ts). */
declare const __VERSION__: string;
