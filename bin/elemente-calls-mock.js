#!/usr/bin/env node
// elemente-calls-mock: the mock server, built into dist/bin/ from src/mock/cli.ts.
const entry = '../dist/bin/elemente-calls-mock.js';
import(entry).catch((error) => {
  const unbuilt = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin');
  process.stderr.write(
    `elemente-calls-mock: ${unbuilt ? 'dist/ is not built: run npm run build (in a clone, npm start runs the mock from src/)' : (error?.stack ?? error)}\n`,
  );
  process.exit(1);
});
