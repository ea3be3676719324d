// The bundle against the official OpenAPI 3.1 JSON Schema, with a validator
// that shares no code with Redocly.
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR } from '../scripts/lib/project.js';
import { loadBundle } from './helpers/contract.js';

describe('the bundled spec', () => {
  it.each(['openapi.json', 'openapi.yaml'])('%s is valid against the official OpenAPI 3.1 schema', async (file) => {
    const validator = new Validator();
    const result = await validator.validate(join(GENERATED_DIR, file));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the same validator when it breaks the OpenAPI schema', async () => {
    const broken = loadBundle();
    // An operation's responses must be an object of response objects.
    (broken.paths['/api/v1/calls/{id}']!.get as Record<string, unknown>).responses = ['200'];
    const result = await new Validator().validate(broken);
    expect(result.valid).toBe(false);
  });
});
