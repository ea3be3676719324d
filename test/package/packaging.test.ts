// package.json as other repos see it: the exports map, what is published,
// what is installed at run time. The rules, not the lists: those are package.json's.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';

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
};

function conditionObjects(target: ExportTarget): Array<Record<string, ExportTarget>> {
  if (typeof target === 'string') return [];
  return [target, ...Object.values(target).flatMap(conditionObjects)];
}

describe('package.json', () => {
  it('exports no wildcard: every published entry is named', () => {
    expect(Object.keys(pkg.exports).filter((key) => key.includes('*'))).toEqual([]);
  });

  it('puts types first in every condition that has them, and gives every code entry types', () => {
    const codeEntries = Object.entries(pkg.exports).filter(([, target]) => typeof target !== 'string');
    expect(codeEntries.length).toBeGreaterThan(0);
    for (const [entry, target] of codeEntries) {
      const objects = conditionObjects(target).filter((object) => 'types' in object);
      expect(objects.length, entry).toBeGreaterThan(0);
      for (const object of objects) expect(Object.keys(object)[0], entry).toBe('types');
    }
  });

  it('installs only openapi-fetch at run time, and never ajv: validation is compiled at generate time', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['openapi-fetch']);
    expect(Object.keys(pkg.peerDependencies ?? {}).filter((name) => name.startsWith('ajv'))).toEqual([]);
  });

  it('keeps Prism (for the bin) and msw (for /msw) optional peers, never installed for everyone', () => {
    expect(Object.keys(pkg.peerDependencies ?? {}).sort()).toEqual(['@stoplight/prism-cli', 'msw']);
    for (const name of Object.keys(pkg.peerDependencies ?? {})) expect(pkg.peerDependenciesMeta?.[name], name).toEqual({ optional: true });
    // The mock's Prism is the one the tests run, so the bin serves what npm start serves.
    expect(pkg.devDependencies['@stoplight/prism-cli']).toBe(pkg.peerDependencies?.['@stoplight/prism-cli']);
  });

  it('pins every tool to an exact version (TypeScript to a patch range), and declares no side effects', () => {
    for (const [name, version] of Object.entries(pkg.devDependencies)) {
      expect(`${name}@${version}`).toMatch(name === 'typescript' ? /@~\d+\.\d+\.\d+$/ : /@\d+\.\d+\.\d+$/);
    }
    expect(pkg.sideEffects).toBe(false);
  });
});
