// One Prism mock for every suite that needs it, started once and always stopped.
import type { TestProject } from 'vitest/node';
import { prismOnFreePort } from '../helpers/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // --errors: Prism answers 500 if a response it would send breaks the contract.
  const prism = await prismOnFreePort({ args: ['--errors'] });
  project.provide('prismUrl', prism.url);
  return () => prism.stop();
}
