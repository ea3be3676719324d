// Loads the committed bundle and validates values against its schemas with
// ajv (JSON Schema 2020-12, formats, strict mode), independently of Redocly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { GENERATED_DIR } from '../../scripts/lib/project.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export type OpenApiDocument = {
  components: { schemas: Record<string, unknown>; examples: Record<string, { value: unknown }> };
  paths: Record<string, Record<string, unknown>>;
} & Record<string, unknown>;

export function loadBundle(): OpenApiDocument {
  return JSON.parse(readFileSync(join(GENERATED_DIR, 'openapi.json'), 'utf8')) as OpenApiDocument;
}

export function readFixture(path: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8'));
}

const DOCUMENT_ID = 'urn:elemente:calls-api:schemas';

/**
 * Points `#/components/schemas/X` refs at `<prefix>#/$defs/X`, so the
 * component schemas form one JSON Schema document that ajv can resolve.
 */
function rewriteRefs(node: unknown, prefix = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, prefix));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', `${prefix}#/$defs/`)
        : rewriteRefs(value, prefix),
    ]),
  );
}

export class ContractValidator {
  readonly ajv: Ajv2020;

  constructor(readonly spec: OpenApiDocument = loadBundle()) {
    this.ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
    this.ajv.addSchema({ $id: DOCUMENT_ID, $defs: rewriteRefs(spec.components.schemas) });
  }

  /** The validator for component schema `name`, or for an inline schema of the spec. */
  validator(schema: string | object): ValidateFunction {
    if (typeof schema === 'string') {
      const validate = this.ajv.getSchema(`${DOCUMENT_ID}#/$defs/${schema}`);
      if (!validate) throw new Error(`no schema ${schema} in the bundle`);
      return validate;
    }
    return this.ajv.compile(rewriteRefs(schema, DOCUMENT_ID) as object);
  }

  /** The errors of `value` against `schema`, as `path: message` lines; empty when it is valid. */
  problems(schema: string | object, value: unknown): string[] {
    const validate = this.validator(schema);
    return validate(value) ? [] : formatErrors(validate.errors ?? []);
  }
}

export function formatErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`);
}
