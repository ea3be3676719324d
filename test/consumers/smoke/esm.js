// The package's import entries, as an ES module consumer loads them.
import * as api from '@elemente/calls-api';
import * as examples from '@elemente/calls-api/examples';
import checks from './check.cjs';

await checks.check('import', api, examples);
