// Paths and constants shared by the scripts. Every script resolves files from
// the project root, so they work from any working directory.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SPEC_ROOT = join(ROOT, 'openapi', 'openapi.yaml');
export const GENERATED_DIR = join(ROOT, 'generated');

/** The first line(s) of every generated file whose format has comments. */
export function generatedHeader(script: string, comment: '#' | '//'): string {
  return `${comment} Generated from openapi/ by scripts/${script} - do not edit.\n${comment} Change the spec under openapi/ and run \`npm run generate\`.\n`;
}

/** Exits with one clear line when a required input file is missing. */
export function requireFile(path: string, hint: string): void {
  if (!existsSync(path)) {
    throw new ScriptError(`missing ${path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path}: ${hint}`);
  }
}

/** An expected failure: printed as one line, without a stack trace. */
export class ScriptError extends Error {
  override name = 'ScriptError';
}

/**
 * Runs a script's main function: an expected failure prints one line to
 * stderr and exits 1; anything else also exits 1, with its stack.
 */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof ScriptError) {
        process.stderr.write(`error: ${error.message}\n`);
      } else {
        process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exitCode = 1;
    },
  );
}

/** True when the module at `metaUrl` is the script node was asked to run. */
export function isEntryPoint(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === fileURLToPath(metaUrl);
}
