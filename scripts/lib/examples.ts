// generated/examples.ts: every named example of the spec, keyed by its name
// and typed by the schema it illustrates, so that `examples.CallCompleted`
// is a `Call` and a test or a mock can use it as one.
import { deref, generatedHeader, type Json, type OpenApiDocument, operationsOf, ScriptError } from './project.js';

const SCHEMA_REF = '#/components/schemas/';

interface Named {
  type: string;
  value: unknown;
  /** Where it is used, for its doc comment: `GET /api/v1/calls/{id} 200`. */
  where: string[];
  summary: string | undefined;
}

/** The TypeScript type of a media type's schema: the root type for a component, or the operation's own type otherwise. */
function typeOf(schema: Json | undefined, fallback: string): string {
  const ref = schema?.$ref;
  if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF)) return ref.slice(SCHEMA_REF.length);
  const items = schema?.type === 'array' ? (schema.items as Json | undefined) : undefined;
  const itemRef = items?.$ref;
  if (typeof itemRef === 'string' && itemRef.startsWith(SCHEMA_REF)) return `${itemRef.slice(SCHEMA_REF.length)}[]`;
  return fallback;
}

export function renderExamples(spec: OpenApiDocument): string {
  const named = new Map<string, Named>();
  /** Per operation: the names of the examples of each documented status, in spec order. */
  const responseExamples: Record<string, Record<string, string[]>> = {};
  /** Per operation: the example value of each header of each documented status, as a mock sends them. */
  const responseHeaders: Record<string, Record<string, Record<string, string>>> = {};
  const add = (holder: Json | undefined, type: string, where: string): string[] => {
    const names: string[] = [];
    for (const [key, entry] of Object.entries((holder?.examples as Record<string, Json> | undefined) ?? {})) {
      const ref = entry.$ref;
      const name = typeof ref === 'string' ? ref.split('/').pop()! : key;
      names.push(name);
      const example = deref(spec, entry);
      const known = named.get(name);
      if (known && known.type !== type) throw new ScriptError(`example ${name} illustrates both ${known.type} and ${type}: give each its own example`);
      if (known) known.where.push(where);
      else named.set(name, { type, value: example.value, where: [where], summary: example.summary as string | undefined });
    }
    return names;
  };
  for (const { path, method, operationId, operation } of operationsOf(spec)) {
    const label = `${method.toUpperCase()} ${path}`;
    const operationType = `operations['${operationId}']`;
    for (const parameter of ((operation.parameters as Json[] | undefined) ?? []).map((node) => deref(spec, node))) {
      add(
        parameter,
        typeOf(parameter.schema as Json, `NonNullable<${operationType}['parameters']['${String(parameter.in)}']>['${String(parameter.name)}']`),
        `${label} ${String(parameter.name)}`,
      );
    }
    const body = operation.requestBody ? deref(spec, operation.requestBody as Json) : undefined;
    const bodyMedia = (body?.content as Record<string, Json> | undefined)?.['application/json'];
    add(bodyMedia, typeOf(bodyMedia?.schema as Json, `NonNullable<${operationType}['requestBody']>['content']['application/json']`), `${label} request`);
    const responses: Record<string, string[]> = {};
    for (const [status, node] of Object.entries((operation.responses as Record<string, Json> | undefined) ?? {})) {
      const response = deref(spec, node);
      const headers = Object.entries((response.headers as Record<string, Json> | undefined) ?? {}).map(([name, header]) => {
        const { example } = deref(spec, header);
        if (typeof example !== 'string') throw new ScriptError(`${label} ${status}: the header ${name} needs a string example, which the mocks send`);
        return [name, example];
      });
      if (headers.length > 0) {
        responseHeaders[operationId] ??= {};
        responseHeaders[operationId][status] = Object.fromEntries(headers);
      }
      const media = (response.content as Record<string, Json> | undefined)?.['application/json'];
      responses[status] = add(
        media,
        typeOf(media?.schema as Json, `${operationType}['responses'][${status}]['content']['application/json']`),
        `${label} ${status}`,
      );
    }
    responseExamples[operationId] = responses;
  }
  const names = [...named.keys()].sort();
  const rootTypes = [...new Set(names.map((name) => named.get(name)!.type.replace(/\[\]$/, '')).filter((type) => /^\w+$/.test(type)))].sort();
  const usesOperations = names.some((name) => named.get(name)!.type.startsWith('operations') || named.get(name)!.type.includes('operations['));
  const imports = [...rootTypes, ...(usesOperations ? ['operations'] : [])];
  const lines = [
    generatedHeader('generate.ts', '//').trimEnd(),
    `import type { ${imports.join(', ')} } from './schema.js';`,
    '',
    '/** `value`, frozen with everything in it: a change to an example shared by every test throws instead of changing it for the tests after. */',
    'function deepFrozen<T>(value: T): T {',
    "  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {",
    '    Object.freeze(value);',
    '    for (const item of Object.values(value)) deepFrozen(item);',
    '  }',
    '  return value;',
    '}',
    '',
    '/** Every named example of the contract, keyed by its name, typed by the schema it illustrates; frozen (copy one with structuredClone to change it). */',
    'export const examples: {',
    ...names.flatMap((name) => {
      const { type, where, summary } = named.get(name)!;
      const comment = `${summary ? `${summary} ` : ''}(${where.join('; ')})`.replaceAll('*/', '*\\/');
      return [`  /** ${comment} */`, `  readonly ${name}: ${type};`];
    }),
    '} = /* @__PURE__ */ deepFrozen({',
    ...names.map((name) => `  ${name}: ${JSON.stringify(named.get(name)!.value, null, 2).replaceAll('\n', '\n  ')},`),
    '});',
    '',
    '/** Per operation, per documented status: the names of its examples, in the order of the spec. */',
    `export const responseExamples = /* @__PURE__ */ deepFrozen(${JSON.stringify(responseExamples, null, 2)} as const);`,
    '',
    '/** Per operation, per documented status that has headers: the example value of each, as a mock sends them. */',
    `export const responseHeaders: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = /* @__PURE__ */ deepFrozen(${JSON.stringify(responseHeaders, null, 2)});`,
    '',
  ];
  return lines.join('\n');
}
