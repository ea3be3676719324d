// Loads the committed bundle and validates values against its schemas with
// ajv (JSON Schema 2020-12, ajv-formats' full formats, strict mode): an
// oracle independent of Redocly, Prism and the client's own compiled
// validators.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { GENERATED_DIR, type OpenApiDocument } from '../../scripts/lib/project.js';

export type { OpenApiDocument } from '../../scripts/lib/project.js';

// ajv-formats is CommonJS; depending on the loader its function arrives as the default export or on it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The id of the spec's CallInProgress example, and of every call the tests ask for. */
export const CALL_ID = '123e4567-e89b-12d3-a456-426614174000';

const DOCUMENT_ID = 'urn:elemente:calls-api:schemas';

export function loadBundle(): OpenApiDocument {
  return JSON.parse(readFileSync(join(GENERATED_DIR, 'openapi.json'), 'utf8')) as OpenApiDocument;
}

/** A published payload kept verbatim under test/fixtures/. */
export function readFixture(path: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8'));
}

/** The spec's schemas as one JSON Schema document: `#/components/schemas/X` refs pointed at `<prefix>#/$defs/X`. */
function toJsonSchemaRefs(node: unknown, prefix = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchemaRefs(item, prefix));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', `${prefix}#/$defs/`) : toJsonSchemaRefs(value, prefix),
    ]),
  );
}

export function toIssues(errors: readonly ErrorObject[] | null | undefined): Array<{ path: string; message: string }> {
  return (errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? error.keyword }));
}

/**
 * The schemas as a strict consumer reads them (Redocly Respect does): every
 * object that lists its properties has none other, as if it said
 * `unevaluatedProperties: false`, whatever it says of the rest.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const closed = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === 'properties' ? mapValues(value, closeObjects) : closeObjects(value)]),
  );
  return 'properties' in closed && !('additionalProperties' in closed) ? { ...closed, unevaluatedProperties: false } : closed;
}
const mapValues = (record: unknown, map: (value: unknown) => unknown) =>
  Object.fromEntries(Object.entries(record as Record<string, unknown>).map(([key, value]) => [key, map(value)]));

export class ContractValidator {
  private readonly ajv: Ajv2020;

  /** `strict`: no object may hold a property its schema does not list (see closeObjects). */
  constructor(
    readonly spec: OpenApiDocument = loadBundle(),
    options: { strict?: boolean } = {},
  ) {
    this.ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
    const schemas = toJsonSchemaRefs(spec.components.schemas);
    this.ajv.addSchema({ $id: DOCUMENT_ID, $defs: options.strict ? mapValues(schemas, closeObjects) : schemas });
  }

  /** The validator for component schema `name`, or for an inline schema of the spec. */
  validator(schema: string | object): ValidateFunction {
    const inline = typeof schema === 'string' ? { $ref: `#/components/schemas/${schema}` } : schema;
    return this.ajv.compile(toJsonSchemaRefs(inline, DOCUMENT_ID) as object);
  }

  /** The errors of `value` against `schema`, as `path: message` lines; empty when it is valid. */
  problems(schema: string | object, value: unknown): string[] {
    const validate = this.validator(schema);
    return validate(value) ? [] : toIssues(validate.errors).map((issue) => `${issue.path || '/'}: ${issue.message}`);
  }
}
