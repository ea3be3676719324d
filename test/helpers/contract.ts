// Loads the committed bundle and validates values against its schemas with
// ajv (JSON Schema 2020-12, formats, strict mode), independently of Redocly.
// The ajv set-up is the client's own (src/response-validator.ts), so the
// tests check the same validators the client uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { GENERATED_DIR } from '../../scripts/lib/project.js';
import { compileSchema, createContractAjv, toIssues } from '../../src/response-validator.js';

export type OpenApiDocument = {
  components: { schemas: Record<string, unknown>; examples: Record<string, { value: unknown }> };
  paths: Record<string, Record<string, unknown>>;
} & Record<string, unknown>;

export function loadBundle(): OpenApiDocument {
  return JSON.parse(readFileSync(join(GENERATED_DIR, 'openapi.json'), 'utf8')) as OpenApiDocument;
}

/** A published payload kept verbatim under test/fixtures/. */
export function readFixture(path: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', path), 'utf8'));
}

export class ContractValidator {
  private readonly ajv;

  constructor(readonly spec: OpenApiDocument = loadBundle()) {
    this.ajv = createContractAjv(spec);
  }

  /** The validator for component schema `name`, or for an inline schema of the spec. */
  validator(schema: string | object): ValidateFunction {
    return compileSchema(this.ajv, typeof schema === 'string' ? { $ref: `#/components/schemas/${schema}` } : schema);
  }

  /** The errors of `value` against `schema`, as `path: message` lines; empty when it is valid. */
  problems(schema: string | object, value: unknown): string[] {
    const validate = this.validator(schema);
    return validate(value) ? [] : toIssues(validate.errors).map((issue) => `${issue.path || '/'}: ${issue.message}`);
  }
}
