// @elemente/calls-api/examples: every named example of the contract, keyed
// by its name and typed by its schema (examples.CallCompleted is a Call), for
// tests, fixtures and mocks. Generated from the spec (generated/examples.ts).
export { examples } from '../generated/examples.js';
