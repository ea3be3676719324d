// generated/validators.js: ajv's standalone code for the body of every 2xx
// response of every operation, compiled here so that the client's
// validation subpath needs neither ajv nor ajv-formats at run time.
//
// Formats are ajv-formats' "fast" regular expressions, which ajv writes into
// the code itself (a format given as a function would have to be imported at
// run time). The difference from its "full" formats: a date-time such as
// February 30 passes.
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { fastFormats } from 'ajv-formats/dist/formats.js';
import { deref, generatedHeader, type Json, type OpenApiDocument, operationsOf, ScriptError } from './project.js';

// ajv's standalone module is CommonJS; depending on the loader its function arrives as the default export or on it.
const standaloneCode = ((standaloneCodeModule as unknown as { default?: unknown }).default ?? standaloneCodeModule) as typeof standaloneCodeModule.default;

const CONTRACT_ID = 'urn:elemente:contract';
/** The formats the contract uses; generation fails on any other, rather than skip its check. */
const FORMATS = ['uuid', 'email', 'date-time', 'date', 'uri'] as const;
/** Keywords that only annotate: left out of the compiled code, which would otherwise embed every description. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
/** Keywords whose value maps names to schemas: their keys are names, never keywords. */
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

/** A schema as ajv compiles it: `#/components/schemas/X` refs pointed into the contract document, annotations left out. */
function forAjv(node: unknown, names = false): unknown {
  if (Array.isArray(node)) return node.map((item) => forAjv(item));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key]) => names || !ANNOTATIONS.has(key));
  return Object.fromEntries(
    entries.map(([key, value]) => {
      if (!names && key === '$ref' && typeof value === 'string') return [key, value.replace('#/components/schemas/', `${CONTRACT_ID}#/$defs/`)];
      return [key, names ? forAjv(value) : forAjv(value, NAMED_SCHEMAS.has(key))];
    }),
  );
}

function formatRegExp(name: string): RegExp {
  const format = fastFormats[name as keyof typeof fastFormats] as unknown;
  if (format instanceof RegExp) return format;
  const validate = (format as { validate?: unknown } | undefined)?.validate;
  if (validate instanceof RegExp) return validate;
  throw new ScriptError(`ajv-formats has no regular expression for the format "${name}"`);
}

export function renderValidators(spec: OpenApiDocument): { code: string; declarations: string } {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    code: { source: true, esm: true, optimize: true },
    formats: Object.fromEntries(FORMATS.map((name) => [name, formatRegExp(name)])),
  });
  ajv.addSchema({ $id: CONTRACT_ID, $defs: forAjv(spec.components.schemas, true) });
  const exports: Record<string, string> = {};
  const table: Record<string, Record<string, string | null>> = {};
  for (const { operationId, operation } of operationsOf(spec)) {
    const statuses: Record<string, string | null> = {};
    for (const [status, node] of Object.entries((operation.responses as Record<string, Json> | undefined) ?? {})) {
      if (!/^2\d\d$/.test(status)) continue;
      const schema = ((deref(spec, node).content as Record<string, Json> | undefined)?.['application/json']?.schema as Json | undefined) ?? null;
      if (schema === null) {
        statuses[status] = null;
        continue;
      }
      const name = `${operationId}_${status}`;
      const id = `urn:elemente:response-${operationId}-${status}`;
      ajv.addSchema({ ...(forAjv(schema) as Json), $id: id });
      exports[name] = id;
      statuses[status] = name;
    }
    table[operationId] = statuses;
  }
  let code = standaloneCode(ajv, exports);
  // The one runtime helper ajv imports: the length of a string in code points, as JSON Schema counts it.
  code = code.replaceAll('require("ajv/dist/runtime/ucs2length").default', '((text) => [...text].length)');
  const leftover = /require\(|\bimport\s*[("'{*]/.exec(code);
  if (leftover)
    throw new ScriptError(
      `the compiled validators still import something at run time (${code.slice(leftover.index, leftover.index + 80)}): inline it in scripts/lib/validators.ts`,
    );
  const entries = Object.entries(table).map(
    ([operation, statuses]) =>
      `${JSON.stringify(operation)}: { ${Object.entries(statuses)
        .map(([status, name]) => `${status}: ${name ?? 'null'}`)
        .join(', ')} }`,
  );
  return {
    code: `${generatedHeader('generate.ts', '//')}${code}\n/** Per operation, per documented 2xx status: the validator of its JSON body, or null when it has none. */\nexport const responseValidators = {\n  ${entries.join(',\n  ')},\n};\n`,
    declarations: [
      generatedHeader('generate.ts', '//').trimEnd(),
      '/** An ajv standalone validator: true when `data` keeps the schema; otherwise `errors` says why. */',
      'export interface CompiledValidator {',
      '  (data: unknown): boolean;',
      '  errors?: Array<{ instancePath: string; keyword: string; message?: string }> | null;',
      '}',
      '/** Per operation, per documented 2xx status: the validator of its JSON body, or null when it has none. */',
      'export declare const responseValidators: Readonly<Record<string, Readonly<Record<number, CompiledValidator | null>>>>;',
      '',
    ].join('\n'),
  };
}
