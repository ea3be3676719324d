// npm run generate: writes everything under generated/ from openapi/, from
// scratch, byte-stable (the same spec always gives the same bytes).
//
//   openapi.json, openapi.yaml  the spec bundled by `redocly bundle`, with
//                               info.version stamped from package.json
//   schema.ts                   types: the openapi-typescript CLI, configured
//                               in redocly.yaml
//   enums.ts                    each string enum's values, for the client's checks
//   examples.ts                 every named example, typed by its schema
//   validators.js (and .d.ts)   ajv's standalone code for every 2xx response
//   param-validators.js,        ajv's standalone code for every request's parameters
//   body-validators.js          and body, for the MSW handlers (each with a .d.ts)
//   docs/index.html             the rendered reference (scripts/docs.ts)
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeDocs } from './docs.js';
import { renderEnums } from './lib/enums.js';
import { renderExamples } from './lib/examples.js';
import { GENERATED_DIR, generatedHeader, isEntryPoint, type OpenApiDocument, PACKAGE_VERSION, ROOT, requireFile, runMain, SPEC_ROOT } from './lib/project.js';
import { runTool } from './lib/run.js';
import { renderRequestValidators, renderValidators } from './lib/validators.js';

/** Files under generated/ written by hand, kept when the folder is rebuilt. */
const HAND_WRITTEN = new Set(['README.md']);

/** Bundles the split spec with `redocly bundle` and stamps package.json's version into it. */
async function bundle(): Promise<OpenApiDocument> {
  requireFile(SPEC_ROOT, 'the hand-written spec root is needed to bundle');
  const { stdout } = await runTool('redocly', ['bundle', SPEC_ROOT, '--ext', 'json']);
  const spec = JSON.parse(stdout) as OpenApiDocument;
  spec.info.version = PACKAGE_VERSION;
  return spec;
}

async function generate(): Promise<void> {
  await mkdir(GENERATED_DIR, { recursive: true });
  for (const entry of await readdir(GENERATED_DIR)) {
    if (!HAND_WRITTEN.has(entry)) await rm(join(GENERATED_DIR, entry), { recursive: true, force: true });
  }
  const spec = await bundle();
  const bundlePath = join(GENERATED_DIR, 'openapi.json');
  await writeFile(bundlePath, `${JSON.stringify(spec, null, 2)}\n`);
  // lineWidth 0: a one-word change in a description changes one line of the YAML, not a paragraph.
  await writeFile(join(GENERATED_DIR, 'openapi.yaml'), generatedHeader('generate.ts', '#') + stringify(spec, { lineWidth: 0 }));
  const validators = renderValidators(spec);
  const requestValidators = renderRequestValidators(spec);
  await Promise.all([
    // Flags, each with its reason: top-level aliases (`Call`, not components['schemas']['Call']),
    // named exactly as the schemas; and an object schema without properties typed as open
    // (unknown values), not as always empty. Not --enum-values: see scripts/lib/enums.ts.
    runTool('openapi-typescript', [
      '--redocly',
      join(ROOT, 'redocly.yaml'),
      '--root-types',
      '--root-types-no-schema-prefix',
      '--root-types-keep-casing',
      '--empty-objects-unknown',
    ]),
    writeFile(join(GENERATED_DIR, 'enums.ts'), renderEnums(spec)),
    writeFile(join(GENERATED_DIR, 'examples.ts'), renderExamples(spec)),
    writeFile(join(GENERATED_DIR, 'validators.js'), validators.code),
    writeFile(join(GENERATED_DIR, 'validators.d.ts'), validators.declarations),
    writeFile(join(GENERATED_DIR, 'param-validators.js'), requestValidators.params),
    writeFile(join(GENERATED_DIR, 'param-validators.d.ts'), requestValidators.paramDeclarations),
    writeFile(join(GENERATED_DIR, 'body-validators.js'), requestValidators.bodies),
    writeFile(join(GENERATED_DIR, 'body-validators.d.ts'), requestValidators.bodyDeclarations),
    writeDocs(bundlePath, join(GENERATED_DIR, 'docs', 'index.html')),
  ]);
}

if (isEntryPoint(import.meta.url)) runMain(generate);
