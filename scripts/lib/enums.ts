// generated/enums.ts: the values of each string enum a request can carry
// (in a parameter or a body), for the client's input checks. Written here,
// not with openapi-typescript's --enum-values, which types its arrays through
// a recursive mapped type over all of `components`: a consumer compiling with
// skipLibCheck false must not pay for that when importing the client.
import { generatedHeader, type Json, type OpenApiDocument, ScriptError } from './project.js';

/** `CallStatus` becomes `callStatusValues`, the name openapi-typescript gives the same array. */
const constantName = (schema: string): string => `${schema[0]!.toLowerCase()}${schema.slice(1)}Values`;

const SCHEMA_REF = '#/components/schemas/';

/** The component schemas that `node` refers to, directly or through other schemas. */
function referencedSchemas(node: unknown, schemas: Record<string, Json>, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) referencedSchemas(item, schemas, found);
  else if (node !== null && typeof node === 'object') {
    const ref = (node as Json).$ref;
    if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF)) {
      const name = ref.slice(SCHEMA_REF.length);
      if (!found.has(name)) {
        found.add(name);
        referencedSchemas(schemas[name], schemas, found);
      }
    }
    for (const value of Object.values(node)) referencedSchemas(value, schemas, found);
  }
  return found;
}

export function renderEnums(spec: OpenApiDocument): string {
  const schemas = (spec.components?.schemas ?? {}) as Record<string, Json>;
  // What a request carries: every operation's parameters and request body, with the components they name.
  const requests = Object.values(spec.paths ?? {}).flatMap((item) =>
    Object.values(item as Record<string, Json>).flatMap((operation) => [operation.parameters, operation.requestBody]),
  );
  const components = spec.components as Json | undefined;
  const inRequests = referencedSchemas([requests, components?.parameters, components?.requestBodies], schemas);
  const enums = Object.entries(schemas).filter(([name, schema]) => Array.isArray(schema.enum) && inRequests.has(name));
  if (enums.length === 0) throw new ScriptError('the spec has no enum schema: the client checks status and channel against one');
  const lines = [generatedHeader('generate.ts', '//').trimEnd(), `import type { ${enums.map(([name]) => name).join(', ')} } from './schema.js';`];
  for (const [name, schema] of enums) {
    const values = schema.enum as unknown[];
    if (!values.every((value) => typeof value === 'string'))
      throw new ScriptError(`${name}: only string enums are supported, and its values are not all strings`);
    lines.push(
      '',
      `/** The values of ${name}, in the spec's order. */`,
      `export const ${constantName(name)}: readonly ${name}[] = [${values.map((value) => JSON.stringify(value)).join(', ')}];`,
    );
  }
  return `${lines.join('\n')}\n`;
}
