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

/**
 * RFC 3339 full-date, exactly: months of 30 and 31 days, and February 29
 * only in leap years, as ajv-formats' full "date" (and Prism) judge it. Its
 * fast regular expression takes 2022-13-01.
 */
const FULL_DATE =
  /^(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$/;

/** The validators of one generated module, compiled by one ajv instance. */
interface Compiled {
  code: string;
  /** The exported name of the validator of each schema added, in the order added. */
  names: string[];
}

/** ajv's standalone code for `schemas` (name to schema), with the contract's components to refer to, and nothing imported at run time. */
function compile(spec: OpenApiDocument, schemas: Record<string, Json>, options: { coerceTypes: boolean }): Compiled {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    coerceTypes: options.coerceTypes,
    code: { source: true, esm: true, optimize: true },
    formats: { ...Object.fromEntries(FORMATS.map((name) => [name, formatRegExp(name)])), date: FULL_DATE },
  });
  ajv.addSchema({ $id: CONTRACT_ID, $defs: forAjv(spec.components.schemas, true) });
  const exports: Record<string, string> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const id = `urn:elemente:${name}`;
    ajv.addSchema({ ...(forAjv(schema) as Json), $id: id });
    exports[name] = id;
  }
  let code = standaloneCode(ajv, exports);
  // The one runtime helper ajv imports: the length of a string in code points, as JSON Schema counts it.
  code = code.replaceAll('require("ajv/dist/runtime/ucs2length").default', '((text) => [...text].length)');
  const leftover = /require\(|\bimport\s*[("'{*]/.exec(code);
  if (leftover)
    throw new ScriptError(
      `the compiled validators still import something at run time (${code.slice(leftover.index, leftover.index + 80)}): inline it in scripts/lib/validators.ts`,
    );
  return { code, names: Object.keys(schemas) };
}

const VALIDATOR_TYPE = [
  '/** An ajv standalone validator: true when `data` keeps the schema; otherwise `errors` says why. */',
  'export interface CompiledValidator {',
  '  (data: unknown): boolean;',
  '  errors?: Array<{ instancePath: string; keyword: string; message?: string }> | null;',
  '}',
];

/** A generated module: the header, the compiled code, then `export const <name> = { operation: { key: value } }`, each value a JavaScript expression (a validator's name, null, or a literal). */
function renderModule(compiled: Compiled, name: string, comment: string, table: Record<string, Record<string, string | null>>): string {
  const entries = Object.entries(table).map(
    ([operation, members]) =>
      `${JSON.stringify(operation)}: { ${Object.entries(members)
        .map(([key, validator]) => `${JSON.stringify(key)}: ${validator ?? 'null'}`)
        .join(', ')} }`,
  );
  return `${generatedHeader('generate.ts', '//')}${compiled.code}\n/** ${comment} */\nexport const ${name} = {\n  ${entries.join(',\n  ')},\n};\n`;
}

/** The JSON schema of a media type of a request body or a response, or null when it has none. */
const jsonSchemaOf = (spec: OpenApiDocument, node: Json): Json | null =>
  ((deref(spec, node).content as Record<string, Json> | undefined)?.['application/json']?.schema as Json | undefined) ?? null;

/** Validators for the body of every 2xx response of every operation: responseValidators, for the client's validation subpath. */
export function renderValidators(spec: OpenApiDocument): { code: string; declarations: string } {
  const schemas: Record<string, Json> = {};
  const table: Record<string, Record<string, string | null>> = {};
  for (const { operationId, operation } of operationsOf(spec)) {
    const statuses: Record<string, string | null> = {};
    for (const [status, node] of Object.entries((operation.responses as Record<string, Json> | undefined) ?? {})) {
      if (!/^2\d\d$/.test(status)) continue;
      const schema = jsonSchemaOf(spec, node);
      statuses[status] = schema === null ? null : `${operationId}_${status}`;
      if (schema !== null) schemas[`${operationId}_${status}`] = schema;
    }
    table[operationId] = statuses;
  }
  return {
    code: renderModule(
      compile(spec, schemas, { coerceTypes: false }),
      'responseValidators',
      'Per operation, per documented 2xx status: the validator of its JSON body, or null when it has none.',
      table,
    ),
    declarations: [
      generatedHeader('generate.ts', '//').trimEnd(),
      ...VALIDATOR_TYPE,
      '/** Per operation, per documented 2xx status: the validator of its JSON body, or null when it has none. */',
      'export declare const responseValidators: Readonly<Record<string, Readonly<Record<number, CompiledValidator | null>>>>;',
      '',
    ].join('\n'),
  };
}

/**
 * Validators of the requests of every operation, for the MSW handlers, split
 * as Prism splits them: the path and query parameters (their values arrive as
 * strings and are coerced to the schema's type, `hrs=1.5` to 1.5), and the JSON
 * body (never coerced). A parameter object holds each parameter by name, a
 * deepObject parameter (`dateRange[from]=...`) as an object.
 */
export function renderRequestValidators(spec: OpenApiDocument): Record<'params' | 'paramDeclarations' | 'bodies' | 'bodyDeclarations', string> {
  const paramSchemas: Record<string, Json> = {};
  const bodySchemas: Record<string, Json> = {};
  const params: Record<string, Record<string, string | null>> = {};
  const bodies: Record<string, Record<string, string | null>> = {};
  const deepObjects: Record<string, string[]> = {};
  for (const { path, operationId, operation } of operationsOf(spec)) {
    const parameters = [...((spec.paths[path]?.parameters as Json[] | undefined) ?? []), ...((operation.parameters as Json[] | undefined) ?? [])].map((node) =>
      deref(spec, node),
    );
    const members: Record<string, string | null> = {};
    for (const location of ['path', 'query'] as const) {
      const here = parameters.filter((parameter) => parameter.in === location);
      if (here.length === 0) {
        members[location] = null;
        continue;
      }
      const name = `${operationId}_${location}`;
      paramSchemas[name] = {
        type: 'object',
        properties: Object.fromEntries(here.map((parameter) => [String(parameter.name), parameter.schema as Json])),
        required: here.filter((parameter) => parameter.required === true).map((parameter) => String(parameter.name)),
      };
      members[location] = name;
    }
    params[operationId] = members;
    deepObjects[operationId] = parameters.filter((parameter) => parameter.style === 'deepObject').map((parameter) => String(parameter.name));
    const body = operation.requestBody ? deref(spec, operation.requestBody as Json) : undefined;
    const schema = body ? jsonSchemaOf(spec, body) : null;
    if (schema !== null) bodySchemas[`${operationId}_body`] = schema;
    bodies[operationId] = { body: schema === null ? null : `${operationId}_body`, required: body?.required === true ? 'true' : 'false' };
  }
  const paramsModule = renderModule(
    compile(spec, paramSchemas, { coerceTypes: true }),
    'paramValidators',
    'Per operation: the validators of its path and query parameters, or null where it has none.',
    params,
  );
  return {
    params: `${paramsModule}\n/** Per operation: the names of its deepObject query parameters. */\nexport const deepObjectParameters = ${JSON.stringify(deepObjects)};\n`,
    bodies: renderModule(
      compile(spec, bodySchemas, { coerceTypes: false }),
      'bodyValidators',
      'Per operation: the validator of its JSON request body, or null when it has none, and whether the body is required.',
      bodies,
    ),
    paramDeclarations: [
      generatedHeader('generate.ts', '//').trimEnd(),
      "import type { CompiledValidator } from './validators.js';",
      '/** Per operation: the validators of its path and query parameters (values coerced from strings), or null where it has none. */',
      'export declare const paramValidators: Readonly<Record<string, { readonly path: CompiledValidator | null; readonly query: CompiledValidator | null }>>;',
      '/** Per operation: the names of its deepObject query parameters. */',
      'export declare const deepObjectParameters: Readonly<Record<string, readonly string[]>>;',
      '',
    ].join('\n'),
    bodyDeclarations: [
      generatedHeader('generate.ts', '//').trimEnd(),
      "import type { CompiledValidator } from './validators.js';",
      '/** Per operation: the validator of its JSON request body (never coerced), or null when it has none, and whether the body is required. */',
      'export declare const bodyValidators: Readonly<Record<string, { readonly body: CompiledValidator | null; readonly required: boolean }>>;',
      '',
    ].join('\n'),
  };
}
