// Every example in the bundled spec must be valid against the schema it
// illustrates, checked with ajv (2020-12, formats, strict), not with Redocly.
import { describe, expect, it } from 'vitest';
import { deref, type Json } from '../../scripts/lib/project.js';
import { ContractValidator, loadBundle, type OpenApiDocument } from '../helpers/contract.js';

interface ExampleCase {
  where: string;
  schema: string | object;
  value: unknown;
  /** The component example it came from, when it is a $ref. */
  component?: string;
}

function schemaOf(node: Json): string | object {
  const ref = node.$ref;
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : node;
}

/** Examples attached to a media type or parameter: `example` and every entry of `examples`. */
function examplesOf(spec: OpenApiDocument, holder: Json, where: string, schema: string | object): ExampleCase[] {
  const cases: ExampleCase[] = [];
  if ('example' in holder) cases.push({ where: `${where}.example`, schema, value: holder.example });
  for (const [name, entry] of Object.entries((holder.examples as Record<string, Json> | undefined) ?? {})) {
    const ref = entry.$ref;
    const component = typeof ref === 'string' ? ref.split('/').pop() : undefined;
    cases.push({ where: `${where}.examples.${name}`, schema, value: deref(spec, entry).value, ...(component ? { component } : {}) });
  }
  return cases;
}

/** `examples` arrays inside schemas, each checked against the subschema that holds it. */
function schemaExamples(node: unknown, where: string): ExampleCase[] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((item, index) => schemaExamples(item, `${where}[${index}]`));
  const schema = node as Json;
  const own = Array.isArray(schema.examples)
    ? (schema.examples as unknown[]).map((value, index) => ({ where: `${where}.examples[${index}]`, schema, value }))
    : [];
  const nested = Object.entries(schema)
    .filter(([key]) => key !== 'examples')
    .flatMap(([key, value]) => schemaExamples(value, `${where}.${key}`));
  return [...own, ...nested];
}

function collectExamples(spec: OpenApiDocument): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const pathParameters = (item.parameters as Json[] | undefined) ?? [];
    for (const [method, operation] of Object.entries(item).filter(([key]) => key !== 'parameters')) {
      const op = operation as Json;
      const where = `${method.toUpperCase()} ${path}`;
      for (const parameter of [...pathParameters, ...((op.parameters as Json[] | undefined) ?? [])].map((p) => deref(spec, p))) {
        cases.push(...examplesOf(spec, parameter, `${where} parameter ${String(parameter.name)}`, schemaOf(parameter.schema as Json)));
      }
      const body = op.requestBody ? deref(spec, op.requestBody as Json) : undefined;
      for (const [type, media] of Object.entries((body?.content as Record<string, Json> | undefined) ?? {})) {
        cases.push(...examplesOf(spec, media, `${where} request ${type}`, schemaOf(media.schema as Json)));
      }
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        const content = deref(spec, response).content as Record<string, Json> | undefined;
        for (const [type, media] of Object.entries(content ?? {})) {
          cases.push(...examplesOf(spec, media, `${where} ${status} ${type}`, schemaOf(media.schema as Json)));
        }
      }
    }
  }
  for (const [name, schema] of Object.entries(spec.components.schemas)) {
    cases.push(...schemaExamples(schema, `components.schemas.${name}`));
  }
  return cases;
}

const spec = loadBundle();
const contract = new ContractValidator(spec);
const cases = collectExamples(spec);

describe('examples in the bundled spec', () => {
  it.each(cases.map((c) => [c.where, c] as const))('%s is valid against its schema', (_where, { schema, value }) => {
    expect(contract.problems(schema, value)).toEqual([]);
  });

  it('covers every named example under components/examples', () => {
    const used = new Set(cases.map((c) => c.component).filter(Boolean));
    expect(Object.keys(spec.components.examples).filter((name) => !used.has(name))).toEqual([]);
  });

  it('has the named examples the docs and the mock promise', () => {
    const names = Object.keys(spec.components.examples);
    expect(names).toEqual(expect.arrayContaining(['CallInProgress', 'CallCompleted', 'CallUpdated', 'CompleteWithNote']));
    const completed = spec.components.examples.CallCompleted?.value as { messages: Array<{ sender: string; mediaUrl?: string }> };
    expect(new Set(completed.messages.map((m) => m.sender))).toEqual(new Set(['agent', 'customer']));
    expect(completed.messages.some((m) => m.mediaUrl === undefined)).toBe(true);
  });

  it('catches an example that breaks its schema', () => {
    // The walk above must be able to fail: the published duration, a string, is refused.
    const broken = { ...(spec.components.examples.CallInProgress?.value as object), duration: '7200' };
    expect(contract.problems('Call', broken)).toEqual(['/duration: must be integer']);
  });
});
