// The operations table (src/internal/operations.ts) against the bundled spec:
// the same operations, each with its method and path, and as many arguments
// before the call's options as the spec gives it inputs.
import { describe, expect, it } from 'vitest';
import { operationsOf } from '../../scripts/lib/project.js';
import { fillPath, findOperation, OPERATIONS } from '../../src/internal/operations.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';

const spec = loadBundle();

describe('the operations table', () => {
  const fromSpec = operationsOf(spec).map(({ path, method, operationId, operation }) => ({ operationId, method, path, operation }));

  it('names exactly the operations of the spec, with their methods and paths', () => {
    const table = Object.entries(OPERATIONS).map(([id, { method, path }]) => [id, method, path]);
    expect(table.sort()).toEqual(fromSpec.map(({ operationId, method, path }) => [operationId, method.toUpperCase(), path]).sort());
  });

  it.each(fromSpec.map((entry) => [entry.operationId, entry] as const))(
    '%s takes one argument per path parameter, one for the query, one for the body',
    (id, { path, operation }) => {
      const pathParameters = path.match(/\{[^}]+\}/g)?.length ?? 0;
      const query = ((operation.parameters as Array<{ $ref?: string }> | undefined) ?? []).length > 0 ? 1 : 0;
      const body = operation.requestBody ? 1 : 0;
      expect(OPERATIONS[id as keyof typeof OPERATIONS].prepare.length).toBe(pathParameters + query + body);
    },
  );

  it('finds the operation of a concrete path, and none for a path outside the contract', () => {
    expect(findOperation('GET', `/api/v1/calls/${CALL_ID}`)).toBe('getCall');
    expect(findOperation('PUT', `/api/v1/calls/${CALL_ID}`)).toBe('updateCall');
    expect(findOperation('GET', '/api/v1/calls')).toBe('listCalls');
    expect(findOperation('POST', '/api/v1/calls')).toBe('createCall');
    expect(findOperation('DELETE', `/api/v1/calls/${CALL_ID}`)).toBeUndefined();
    expect(findOperation('GET', `/api/v1/calls/${CALL_ID}/extra`)).toBeUndefined();
    expect(findOperation('GET', '/api/v1/callsX')).toBeUndefined();
  });

  it('fills a path with its parameters, percent-encoded', () => {
    expect(fillPath('/api/v1/calls/{id}', { id: CALL_ID })).toBe(`/api/v1/calls/${CALL_ID}`);
    expect(fillPath('/a/{x}/b', { x: 'ü/?' })).toBe('/a/%C3%BC%2F%3F/b');
    expect(fillPath('/{a}{b}/{c}', { a: '1', b: '2', c: '3' })).toBe('/12/3');
    expect(fillPath('/api/v1/calls', undefined)).toBe('/api/v1/calls');
    expect(fillPath('/a/{missing}', {})).toBe('/a/');
  });
});
