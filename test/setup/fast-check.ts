// Every property test runs with one fixed seed, so that a run is the same
// run everywhere; FC_SEED picks another, and FC_PATH replays one case. On a
// failure fast-check prints the seed and the path to pass back.
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_125;
const seed = process.env.FC_SEED === undefined ? DEFAULT_SEED : Number(process.env.FC_SEED);
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, not ${process.env.FC_SEED}`);
const path = process.env.FC_PATH;

fc.configureGlobal({ seed, ...(path ? { path, endOnFailure: true } : {}) });
