// The package's require entries, as a CommonJS consumer loads them.
const api = require('@elemente/calls-api');
const examples = require('@elemente/calls-api/examples');
const { check } = require('./check.cjs');

check('require', api, examples).catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
