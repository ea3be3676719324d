// The shape of src/ that issue 24 set down, held: no module imports itself
// back through others (an import circle leaves one side undefined while the
// other loads, in whichever bundler meets it first), and the /msw entry is
// MSW's wiring only, the mock's code living in src/mock/.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';

const SRC = join(ROOT, 'src');

/** Every .ts file under `folder`, by its path relative to it, with its text. */
async function sources(folder: string): Promise<Map<string, string>> {
  const names = (await readdir(folder, { recursive: true })).filter((name) => name.endsWith('.ts'));
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(folder, name), 'utf8')] as const)));
}

/** The files of `files` that `name` imports or re-exports by a relative path, types included (TypeScript's own reading of the imports). */
function importsOf(name: string, files: ReadonlyMap<string, string>): string[] {
  const { importedFiles } = ts.preProcessFile(files.get(name) ?? '', true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative('/', resolve('/', dirname(name), specifier.replace(/\.js$/, '.ts'))))
    .filter((target) => files.has(target));
}

/** Each import circle once, as the path that closes it: a.ts -> b.ts -> a.ts. */
function importCircles(files: ReadonlyMap<string, string>): string[] {
  const circles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string) => {
    path.push(name);
    for (const target of importsOf(name, files)) {
      const at = path.indexOf(target);
      if (at >= 0) circles.push([...path.slice(at), target].join(' -> '));
      else if (!done.has(target)) visit(target);
    }
    path.pop();
    done.add(name);
  };
  for (const name of [...files.keys()].sort()) if (!done.has(name)) visit(name);
  return circles;
}

/** Every module of src/, read once for the tests below. */
const srcFiles = await sources(SRC);

describe('src/', () => {
  it('has no import circle, type imports included', () => {
    expect(srcFiles.size).toBeGreaterThan(20);
    expect(importCircles(srcFiles)).toEqual([]);
  });

  it('the circle finder finds a circle through a re-export, a type import and a dynamic import', () => {
    const made = new Map([
      ['a.ts', "import { b } from './mock/b.js';\nexport const a = b;"],
      ['mock/b.ts', "export * from './c.js';\nexport const b = 1;"],
      ['mock/c.ts', "import type { A } from '../a.js';\nexport const c = () => import('./d.js');"],
      ['mock/d.ts', "export const d = 'no import';"],
    ]);
    expect(importCircles(made)).toEqual(['a.ts -> mock/b.ts -> mock/c.ts -> a.ts']);
    made.set('mock/d.ts', "import { c } from './c.js';");
    expect(importCircles(made)).toEqual(['a.ts -> mock/b.ts -> mock/c.ts -> a.ts', 'mock/c.ts -> mock/d.ts -> mock/c.ts']);
  });

  it('the /msw entry is a thin one: it wires MSW to the mock in src/mock/, and nothing in src/ imports it back', () => {
    const entry = srcFiles.get('msw.ts') ?? '';
    expect(entry.split('\n').length).toBeLessThanOrEqual(90);
    const local = importsOf('msw.ts', srcFiles);
    expect(local.filter((name) => !name.startsWith('mock/') && !name.startsWith('internal/'))).toEqual([]);
    expect(local.some((name) => name === 'mock/respond.ts')).toBe(true);
    const importers = [...srcFiles.keys()].filter((name) => name !== 'msw.ts' && importsOf(name, srcFiles).includes('msw.ts'));
    expect(importers).toEqual([]);
  });
});
