// generated/enums.ts: the values of every string enum among the component
// schemas, for the client's input checks. openapi-typescript's --enum-values
// writes the same arrays into schema.ts, but typed through a recursive mapped
// type over all of `components`. That declaration travelled into the
// package's public .d.ts, and a consumer compiling with skipLibCheck false
// paid 199 type instantiations for importing the client; without it, none.
import { generatedHeader, type Json, type OpenApiDocument, ScriptError } from './project.js';

/** `CallStatus` becomes `callStatusValues`, the name openapi-typescript gives the same array. */
const constantName = (schema: string): string => `${schema[0]!.toLowerCase()}${schema.slice(1)}Values`;

export function renderEnums(spec: OpenApiDocument): string {
  const schemas = (spec.components?.schemas ?? {}) as Record<string, Json>;
  const enums = Object.entries(schemas).filter(([, schema]) => Array.isArray(schema.enum));
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
