// package.json as other repos see it: the exports map, what is published,
// what is installed at run time, and one version for package and contract.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../scripts/lib/project.js';
import { loadBundle } from './helpers/contract.js';

type ExportTarget = string | { [condition: string]: ExportTarget };
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, ExportTarget>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
  sideEffects: boolean;
  files: string[];
  engines: { node: string };
};

function conditionObjects(target: ExportTarget): Array<Record<string, ExportTarget>> {
  if (typeof target === 'string') return [];
  return [target, ...Object.values(target).flatMap(conditionObjects)];
}

describe('package.json', () => {
  it('keeps the contract version equal to the package version', () => {
    expect(loadBundle().info).toMatchObject({ version: pkg.version });
  });

  it('exports exactly the documented entries, with no wildcard', () => {
    expect(Object.keys(pkg.exports)).toEqual([
      '.',
      './raw',
      './validation',
      './examples',
      './msw',
      './types',
      './openapi.json',
      './openapi.yaml',
      './docs.html',
      './package.json',
    ]);
    expect(Object.keys(pkg.exports).some((key) => key.includes('*'))).toBe(false);
  });

  it('puts types first in every condition that has them', () => {
    for (const entry of ['.', './raw', './validation', './examples', './msw', './types']) {
      const objects = conditionObjects(pkg.exports[entry]!).filter((object) => 'types' in object);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) expect(Object.keys(object)[0]).toBe('types');
    }
  });

  it('installs only openapi-fetch at run time, and never ajv: validation is compiled at generate time', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['openapi-fetch']);
    expect(Object.keys(pkg.peerDependencies ?? {}).filter((name) => name.startsWith('ajv'))).toEqual([]);
  });

  it('keeps Prism (for the bin) and msw (for /msw) optional peers, never installed for everyone', () => {
    expect(pkg.peerDependencies).toEqual({ '@stoplight/prism-cli': '5.14.2', msw: '^2.7.0' });
    expect(pkg.peerDependenciesMeta).toEqual({ '@stoplight/prism-cli': { optional: true }, msw: { optional: true } });
    // The mock's Prism is the one the tests run, so the bin serves what npm start serves.
    expect(pkg.devDependencies['@stoplight/prism-cli']).toBe(pkg.peerDependencies?.['@stoplight/prism-cli']);
  });

  it('pins every tool to an exact version (TypeScript to 5.9)', () => {
    for (const [name, version] of Object.entries(pkg.devDependencies)) {
      if (name === 'typescript') expect(version).toBe('~5.9.3');
      else expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
    }
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.sideEffects).toBe(false);
  });
});
