// Checks 2xx bodies against the contract. Loaded only by clients created
// with `validateResponses: true` (a dynamic import), so that others pay for
// neither ajv nor the bundled spec. ajv and ajv-formats are optional peer
// dependencies: install them to use validation.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import spec from '../generated/openapi.json' with { type: 'json' };
import type { ValidationIssue } from './errors/ResponseValidationError.js';

// ajv-formats is CommonJS; depending on the loader its function arrives as the default export or on it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;

const DOCUMENT_ID = 'urn:elemente:calls-api:schemas';

/**
 * Turns the spec's component schemas into one JSON Schema document, pointing
 * `#/components/schemas/X` refs at `<prefix>#/$defs/X`.
 */
export function toJsonSchemaRefs(node: unknown, prefix = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchemaRefs(item, prefix));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', `${prefix}#/$defs/`) : toJsonSchemaRefs(value, prefix),
    ]),
  );
}

/** An ajv instance (2020-12, formats, strict) holding every component schema of `document` under `DOCUMENT_ID#/$defs/`. */
export function createContractAjv(document: { components: { schemas: Json } }): Ajv2020 {
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
  ajv.addSchema({ $id: DOCUMENT_ID, $defs: toJsonSchemaRefs(document.components.schemas) });
  return ajv;
}

/** Compiles an inline schema of the spec (one that may $ref components) against the contract ajv. */
export function compileSchema(ajv: Ajv2020, schema: object): ValidateFunction {
  return ajv.compile(toJsonSchemaRefs(schema, DOCUMENT_ID) as object);
}

export function toIssues(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? error.keyword }));
}

/** Finds the JSON schema of the response `status` of `operationId` in the bundled spec. */
function responseSchema(operationId: string, status: number): object | undefined {
  for (const item of Object.values(spec.paths as unknown as Record<string, Json>)) {
    for (const operation of Object.values(item) as Json[]) {
      if (operation['operationId'] !== operationId) continue;
      const response = (operation['responses'] as Record<string, Json>)[String(status)];
      const content = response?.['content'] as Record<string, Json> | undefined;
      return content?.['application/json']?.['schema'] as object | undefined;
    }
  }
  return undefined;
}

export type ResponseValidator = (operationId: string, status: number, body: unknown) => ValidationIssue[];

/** Creates a validator that compiles each operation's response schema on first use. */
export function createResponseValidator(): ResponseValidator {
  const ajv = createContractAjv(spec as unknown as { components: { schemas: Json } });
  const compiled = new Map<string, ValidateFunction | null>();
  return (operationId, status, body) => {
    const key = `${operationId} ${status}`;
    if (!compiled.has(key)) {
      const schema = responseSchema(operationId, status);
      compiled.set(key, schema ? compileSchema(ajv, schema) : null);
    }
    const validate = compiled.get(key);
    if (!validate) return [];
    return validate(body) ? [] : toIssues(validate.errors);
  };
}
