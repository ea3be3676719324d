// Paths and constants shared by the scripts. Every script resolves files from
// the project root, so they work from any working directory.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HTTP_METHODS } from '../../src/internal/methods.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SPEC_ROOT = join(ROOT, 'openapi', 'openapi.yaml');
export const GENERATED_DIR = join(ROOT, 'generated');

/** The package's version, the one source of the spec's info.version, the User-Agent and the release. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

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
export function runMain(main: () => Promise<unknown>): void {
  main().then(
    (code) => {
      process.exitCode = typeof code === 'number' ? code : 0;
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

export type Json = Record<string, unknown>;

/** The parts of the bundled spec that scripts and tests read. */
export interface OpenApiDocument extends Json {
  info: Json & { version: string };
  paths: Record<string, Json>;
  components: Json & {
    schemas: Record<string, Json>;
    examples: Record<string, Json & { value: unknown }>;
    responses?: Record<string, Json>;
    parameters?: Record<string, Json>;
  };
}

/** The keys of a path item that hold an operation: the HTTP methods, in lower case. */
export const PATH_ITEM_METHODS = HTTP_METHODS.map((method) => method.toLowerCase() as Lowercase<(typeof HTTP_METHODS)[number]>);

export interface OperationEntry {
  path: string;
  method: (typeof PATH_ITEM_METHODS)[number];
  operationId: string;
  operation: Json;
}

/** Every operation of the spec, in the order the spec lists them. */
export function operationsOf(spec: OpenApiDocument): OperationEntry[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    PATH_ITEM_METHODS.filter((method) => method in item).map((method) => {
      const operation = item[method] as Json;
      return { path, method, operationId: String(operation.operationId), operation };
    }),
  );
}

/** Follows `$ref`s within the document (`#/components/...`) until a node that is not one. */
export function deref(spec: OpenApiDocument, node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/')) throw new ScriptError(`cannot follow the $ref ${ref}: only refs within the bundle are expected`);
  const target = ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((at, key) => (at as Json | undefined)?.[key], spec);
  if (typeof target !== 'object' || target === null) throw new ScriptError(`the $ref ${ref} points at nothing`);
  return deref(spec, target as Json);
}
