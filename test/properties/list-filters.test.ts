// Generated listCalls filters: valid ones reach the server once, serialised
// as the contract says (dateRange as a deepObject), invalid ones never leave
// the process.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCallsClient, InvalidArgumentError } from '../../src/index.js';
import { loadBundle } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';
import { rethrowUnless, settle } from '../helpers/settle.js';

const bundle = loadBundle();
const CALL_STATUSES = (bundle.components.schemas.CallStatus as { enum: string[] }).enum;
const GET_EXAMPLE = bundle.components.examples.CallInProgress?.value;

describe('generated listCalls filters', () => {
  const server = useFaultServer();

  const CHANNELS = (bundle.components.schemas.CallChannel as { enum: string[] }).enum;
  const day = fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
  const validFilters = fc.record(
    {
      status: fc.constantFrom(...CALL_STATUSES),
      channel: fc.constantFrom(...CHANNELS),
      hrs: fc.oneof(fc.nat({ max: 10_000 }), fc.double({ min: 0, max: 10_000, noNaN: true, noDefaultInfinity: true })),
      dateRange: fc.tuple(day, day, fc.constantFrom('both', 'from', 'to')).map(([a, b, which]) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        return which === 'both' ? { from, to } : which === 'from' ? { from } : { to };
      }),
      sanitised: fc.string({ unit: 'grapheme', maxLength: 12 }).filter((text) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(text)),
    },
    { requiredKeys: [] },
  );
  const invalidFilters = fc.oneof(
    fc.record({ status: fc.string({ maxLength: 12 }).filter((text) => !CALL_STATUSES.includes(text)) }),
    fc.record({ channel: fc.string({ maxLength: 12 }).filter((text) => !CHANNELS.includes(text)) }),
    fc.record({ hrs: fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.constant(Number.NaN), fc.string()) }),
    fc.record({ dateRange: fc.record({ from: fc.string({ maxLength: 12 }).filter((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text)) }) }),
    fc
      .tuple(day, day)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ dateRange: a < b ? { from: b, to: a } : { from: a, to: b } })),
    fc.dictionary(
      fc.string({ maxLength: 8 }).filter((key) => !['status', 'channel', 'hrs', 'dateRange', 'sanitised', '__proto__'].includes(key)),
      fc.string(),
      { minKeys: 1, maxKeys: 2 },
    ),
    fc
      .anything({ maxDepth: 1 })
      .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
      .filter((value) => value !== undefined),
  );

  /** The query string the chosen serialization gives, written from the contract, not from src/. */
  function expectedQuery(filters: Record<string, unknown>): string {
    const pairs: string[] = [];
    for (const name of ['status', 'channel', 'hrs']) if (filters[name] !== undefined) pairs.push(`${name}=${encodeURIComponent(String(filters[name]))}`);
    const range = filters.dateRange as { from?: string; to?: string } | undefined;
    if (range?.from !== undefined) pairs.push(`dateRange[from]=${range.from}`);
    if (range?.to !== undefined) pairs.push(`dateRange[to]=${range.to}`);
    if (filters.sanitised !== undefined) pairs.push(`sanitised=${encodeURIComponent(String(filters.sanitised))}`);
    return pairs.length > 0 ? `?${pairs.join('&')}` : '';
  }

  it('500 valid filters each reach the server once, in the deepObject form; 500 invalid ones never do', async () => {
    const calls = createCallsClient({ baseUrl: server.url, username: 'filters', password: 'filters-secret', maxRetries: 0 });
    server.script(reply.json(200, [GET_EXAMPLE]));
    await fc.assert(
      fc.asyncProperty(validFilters, async (filters) => {
        server.requests.length = 0;
        await expect(calls.listCalls(filters as never)).resolves.toEqual([GET_EXAMPLE]);
        // As the URL parser of fetch writes it on the wire (it percent-encodes a ' in a query, say).
        const wire = new URL(`http://host/api/v1/calls${expectedQuery(filters)}`);
        expect(server.requests.map((request) => request.url)).toEqual([wire.pathname + wire.search]);
      }),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(invalidFilters, async (filters) => {
        server.requests.length = 0;
        const settled = await settle(calls.listCalls(filters as never), 60_000);
        rethrowUnless(settled, InvalidArgumentError);
        expect(settled.resolved).toBe(false);
        expect(server.requests).toHaveLength(0);
      }),
      { numRuns: 500 },
    );
  });
});
