// @elemente/calls-api/types: the contract's types and nothing else, for code
// that must pull in no runtime code (a front end that types its own fetch
// calls, say): `paths`, `components`, `operations` and a root type per schema.
export type * from '../generated/schema.js';
