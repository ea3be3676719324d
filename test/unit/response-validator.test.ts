// responseValidator on lists: each item is checked as a list of one, so that
// the time stays linear in the list's length, and what it reports is what a
// single pass over the whole list reports, up to MAX_ISSUES issues and a
// last one that counts the rest.
import { describe, expect, it } from 'vitest';
import { responseValidators } from '../../generated/validators.js';
import { operationsOf } from '../../scripts/lib/project.js';
import { examples } from '../../src/examples.js';
import { MAX_ISSUES, responseValidator } from '../../src/validation.js';
import { loadBundle } from '../helpers/contract.js';

const call = examples.CallInProgress;
const broken = (index: number) => ({ ...call, id: index, duration: 'long' });

/** What one pass of the compiled validator over the whole body reports. */
function onePass(body: unknown): Array<{ path: string; message: string }> {
  const validate = responseValidators.listCalls!['200']!;
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? error.keyword }));
}

describe('responseValidator on a list', () => {
  it('reports what one pass over the whole list reports, item indexes included', () => {
    const body = [call, broken(1), call, broken(3), { ...call, status: 'nope' }];
    const issues = responseValidator('listCalls', 200, body);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues).toEqual(onePass(body));
    expect(issues.map((issue) => issue.path)).toContain('/4/status');
    expect(responseValidator('listCalls', 200, [call, call])).toEqual([]);
    expect(responseValidator('listCalls', 200, [])).toEqual([]);
    expect(responseValidator('listCalls', 200, { not: 'a list' })).toEqual(onePass({ not: 'a list' }));
  });

  it(`lists the first ${MAX_ISSUES} issues of 20,000 invalid items, and one more that counts the rest`, () => {
    const body = Array.from({ length: 20_000 }, (_, index) => broken(index));
    const perItem = onePass([broken(0)]).length;
    const issues = responseValidator('listCalls', 200, body);
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues.slice(0, perItem)).toEqual(onePass([broken(0)]));
    expect(issues[MAX_ISSUES - 1]!.path).toMatch(new RegExp(`^/${Math.floor((MAX_ISSUES - 1) / perItem)}/`));
    expect(issues.at(-1)).toEqual({ path: '', message: `and ${20_000 * perItem - MAX_ISSUES} more issues, not listed (${20_000 * perItem} in all)` });
  });

  it('relies on what holds for every list the contract answers with: only its items are constrained', () => {
    const bundle = loadBundle();
    for (const { operation, operationId } of operationsOf(bundle)) {
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, { content?: Record<string, { schema?: object }> }>)) {
        const schema = response.content?.['application/json']?.schema as Record<string, unknown> | undefined;
        if (schema?.type !== 'array') continue;
        expect(Object.keys(schema).sort(), `${operationId} ${status}`).toEqual(['items', 'type']);
      }
    }
  });
});
