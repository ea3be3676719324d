// Generates generated/schema.d.ts from the bundled spec with openapi-typescript.
//
// Every option that differs from openapi-typescript's default is set here, in
// one place, with its reason.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPITSOptions } from 'openapi-typescript';
import { BUNDLE_JSON } from './bundle.js';
import { GENERATED_DIR, generatedHeader, isEntryPoint, requireFile, runMain } from './lib/project.js';

export const TYPES_FILE = 'schema.d.ts';

export const TYPE_OPTIONS: OpenAPITSOptions = {
  // Export `Call`, `Message`, `CallStatus`... as top-level aliases, so
  // consumers write `Call` instead of `components['schemas']['Call']`.
  rootTypes: true,
  // ...without the default `Schema` prefix (`SchemaCall`): the schema names
  // are the public type names. No schema is named after a global such as
  // `Error`, which is why the error body is `ErrorResponse`.
  rootTypesNoSchemaPrefix: true,
  // Keep the spec's PascalCase names exactly as written.
  rootTypesKeepCasing: true,
  // Enums stay string-literal unions (the default): a .d.ts file cannot hold
  // the runtime object a TypeScript `enum` needs.
  enum: false,
  // Responses are open objects (a later API version may add properties), but
  // an index signature would let typos through; keep the default `false`.
  additionalProperties: false,
  // A property with a `default` is not made required in responses: the
  // spec lists required properties explicitly.
  defaultNonNullable: false,
  // Mark schema aliases and nested objects read-only? No: consumers build
  // `UpdateCallRequest` objects and pass them on; immutability is theirs to choose.
  immutable: false,
  silent: true,
};

/** Generates the types for the bundled spec at `specPath` and writes them to `outFile`. */
export async function writeTypes(specPath: string, outFile: string): Promise<void> {
  requireFile(specPath, 'bundle the spec first (npm run generate)');
  // Parse it here so a broken bundle fails with a JSON error, not deep inside the generator.
  JSON.parse(await readFile(specPath, 'utf8'));
  const ast = await openapiTS(pathToFileURL(specPath), TYPE_OPTIONS);
  await writeFile(outFile, generatedHeader('generate-types.ts', '//') + '\n' + astToString(ast));
}

if (isEntryPoint(import.meta.url)) {
  runMain(() => writeTypes(join(GENERATED_DIR, BUNDLE_JSON), join(GENERATED_DIR, TYPES_FILE)));
}
