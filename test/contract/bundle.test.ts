// The bundled spec as published (generated/openapi.json and .yaml): valid
// against the official OpenAPI 3.1 JSON Schema, with a validator that shares
// no code with Redocly; one document in both formats; versioned with the package.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GENERATED_DIR, ROOT } from '../../scripts/lib/project.js';
import { loadBundle } from '../helpers/contract.js';

describe('the bundled spec', () => {
  // One validator: compiling the OpenAPI 3.1 schema is most of its cost. The YAML is the same document (below).
  const validator = new Validator();

  it('is valid against the official OpenAPI 3.1 schema', async () => {
    const result = await validator.validate(join(GENERATED_DIR, 'openapi.json'));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the same validator when it breaks the OpenAPI schema', async () => {
    const broken = loadBundle();
    // An operation's responses must be an object of response objects.
    (broken.paths['/api/v1/calls/{id}']!.get as Record<string, unknown>).responses = ['200'];
    const result = await validator.validate(broken);
    expect(result.valid).toBe(false);
  });
});

describe('the published JSON and YAML', () => {
  it('holds the same document in JSON and YAML, stamped with the package version', async () => {
    const json = JSON.parse(await readFile(join(GENERATED_DIR, 'openapi.json'), 'utf8')) as { info: { version: string } };
    const yaml = await readFile(join(GENERATED_DIR, 'openapi.yaml'), 'utf8');
    expect(yaml.startsWith('# Generated from openapi/ by scripts/generate.ts - do not edit.')).toBe(true);
    expect(parse(yaml)).toEqual(json);
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(json.info.version).toBe(version);
  });
});
