// Generated ids and bodies sent to the real Prism mock: each call ends as the
// contract says, 200, refused before sending, or 400 from Prism, and the
// outcome is the one an oracle written from the contract (not from src/)
// predicts.
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { BadRequestError, type Call, createCallsClient, InvalidArgumentError, type UpdateCallRequest } from '../../src/index.js';
import { loadBundle } from '../helpers/contract.js';
import { rethrowUnless, type Settled, settle } from '../helpers/settle.js';

const bundle = loadBundle();
const CALL_STATUSES = (bundle.components.schemas.CallStatus as { enum: string[] }).enum;
const GET_EXAMPLE = bundle.components.examples.CallInProgress?.value;
const PUT_EXAMPLE = bundle.components.examples.CallUpdated?.value;
/** The contract's bound on a note, if it has one: Prism refuses a longer note with 400. */
const NOTE_MAX_LENGTH = (bundle.components.schemas.UpdateCallRequest as { properties: Record<string, { maxLength?: number }> }).properties.note?.maxLength;

// The oracles below are written from the contract, not copied from src/.
// A call id as the client accepts it: the contract's 8-4-4-4-12 hex form, either case.
const CALL_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// `format: uuid` as Prism checks it (ajv-formats), which also allows a urn:uuid: prefix.
const PRISM_UUID_PATTERN = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const UPDATE_FIELDS = new Set(['agentId', 'status', 'note']);

describe('generated ids and bodies against the Prism mock', { timeout: 240_000 }, () => {
  const prismUrl = inject('prismUrl');
  interface Sent {
    method: string;
    url: string;
    authorization: string | null;
    body: string;
  }
  const sent: Sent[] = [];
  const client = createCallsClient({
    baseUrl: prismUrl,
    username: 'prop',
    password: 'prop-secret',
    // The real fetch to the real Prism; the wrapper only records what left the process,
    // so that "refused before sending" can be checked.
    fetch: async (request) => {
      sent.push({ method: request.method, url: request.url, authorization: request.headers.get('authorization'), body: await request.clone().text() });
      return fetch(request);
    },
  });
  const AUTHORIZATION = `Basic ${Buffer.from('prop:prop-secret').toString('base64')}`;

  const uuidId = fc.oneof(
    fc.uuid(),
    fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] }).map((id) => id.toUpperCase()),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  );
  const hostileId = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'binary-ascii', maxLength: 40 }),
    fc.constantFrom('', '.', '..', '/', '%2e', '%2E%2e', '.%2e', '../..', 'a/b', '\r\n', 'x\r\nInjected: 1', '\u0000', '\ud800', 'a\udfffb', ' ', '?', '#'),
    // A valid UUID with something hostile before or after it.
    fc
      .tuple(fc.uuid(), fc.constantFrom('/', '..', '%2e', '%2F', '\r\n', '\n', ' ', '{', 'urn:uuid:', '\u0000', '?x=1', '#f', '\ud800'), fc.boolean())
      .map(([id, extra, before]) => (before ? `${extra}${id}` : `${id}${extra}`)),
    // A UUID with one dash swapped for a path character.
    fc.tuple(fc.uuid(), fc.constantFrom('/', '.', '%2e', '\\')).map(([id, swap]) => id.replace('-', swap)),
  );

  const statusValue = fc.oneof(
    fc.constantFrom(...CALL_STATUSES),
    fc.constantFrom(...CALL_STATUSES).map((status) => status.toUpperCase()),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  const agentIdValue = fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
    fc.uuid().map((id) => `urn:uuid:${id}`),
    fc.uuid().map((id) => `${id} `),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  const noteValue = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    // Long notes, in one-unit characters and in characters of two UTF-16 units.
    fc.integer({ min: 1_995, max: 2_005 }).map((length) => 'n'.repeat(length)),
    fc.tuple(fc.integer({ min: 995, max: 1005 }), fc.constantFrom('🔑', '𝄞')).map(([count, character]) => character.repeat(count)),
  );
  const updateShaped = fc.record({ agentId: agentIdValue, status: statusValue, note: noteValue }, { requiredKeys: [] });
  const randomBody = fc.oneof(
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.anything({ maxDepth: 2 }), { maxKeys: 5 }),
    // The allowed keys, and near misses, with values of any type.
    fc.dictionary(
      fc.constantFrom('agentId', 'status', 'note', 'Note', 'STATUS', 'agent_id', '__proto__', 'constructor', 'toString'),
      fc.anything({ maxDepth: 2 }),
      {
        maxKeys: 4,
      },
    ),
    fc.anything({
      maxDepth: 2,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBigInt: true,
      withObjectString: true,
    }),
  );

  /** What the client should do with `body`, worked out from the contract. */
  function expectedUpdate(id: string, body: unknown): 'refused' | 'bad-request' | 'resolved' {
    if (!CALL_ID_PATTERN.test(id)) return 'refused';
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'refused';
    // Only plain objects are JSON objects: a Date, a Map or a boxed string is refused.
    const prototype: unknown = Object.getPrototypeOf(body);
    if (prototype !== null && prototype !== Object.prototype) return 'refused';
    const entries = Object.entries(body);
    // Undefined fields are dropped, as JSON drops them, before the body is judged.
    const sent = entries.filter(([, value]) => value !== undefined);
    if (sent.length === 0 || !sent.every(([key, value]) => UPDATE_FIELDS.has(key) && typeof value === 'string')) return 'refused';
    const { agentId, status, note } = body as { agentId?: string; status?: string; note?: string };
    // An enum value outside the contract is refused before sending, in a body as in a filter.
    if (status !== undefined && !CALL_STATUSES.includes(status)) return 'refused';
    // Counted in code points, as JSON Schema's maxLength counts. The client leaves the length to the server.
    if (note !== undefined && NOTE_MAX_LENGTH !== undefined && [...note].length > NOTE_MAX_LENGTH) return 'bad-request';
    if (agentId !== undefined && !PRISM_UUID_PATTERN.test(agentId)) return 'bad-request';
    return 'resolved';
  }

  function outcomeOf(settled: Settled): 'resolved' | 'refused' | 'bad-request' {
    // Anything but these three fails the property with the error itself.
    rethrowUnless(settled, InvalidArgumentError, BadRequestError);
    if (settled.resolved) return 'resolved';
    return settled.error instanceof InvalidArgumentError ? 'refused' : 'bad-request';
  }

  const seen = { getCall: { resolved: 0, refused: 0, 'bad-request': 0 }, updateCall: { resolved: 0, refused: 0, 'bad-request': 0 } };

  it('getCall: 600 generated ids are each answered 200 or refused before sending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(uuidId, hostileId), async (id) => {
        sent.length = 0;
        const settled = await settle(client.getCall(id), 60_000);
        const outcome = outcomeOf(settled);
        seen.getCall[outcome] += 1;
        expect(outcome).toBe(CALL_ID_PATTERN.test(id) ? 'resolved' : 'refused');
        if (outcome === 'refused') {
          expect(sent).toHaveLength(0);
          expect((settled as { error: InvalidArgumentError }).error.argument).toBe('id');
        } else {
          expect(sent).toHaveLength(1);
          expect(sent[0]).toMatchObject({ method: 'GET', url: `${prismUrl}/api/v1/calls/${id}`, authorization: AUTHORIZATION });
          expect((settled as { value: Call }).value).toEqual(GET_EXAMPLE);
        }
      }),
      { numRuns: 600 },
    );
    // The generators reach both outcomes; a property that only ever refused would prove little.
    expect(seen.getCall.resolved).toBeGreaterThan(100);
    expect(seen.getCall.refused).toBeGreaterThan(100);
  });

  it('updateCall: 1,000 generated ids and bodies end as 200, refused before sending, or 400 from Prism', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: uuidId, weight: 4 }, { arbitrary: hostileId, weight: 1 }),
        fc.oneof({ arbitrary: updateShaped, weight: 3 }, { arbitrary: randomBody, weight: 1 }),
        async (id, body) => {
          sent.length = 0;
          // Deliberately past the types: the property is about what the client does with anything.
          const settled = await settle(client.updateCall(id, body as UpdateCallRequest), 60_000);
          const outcome = outcomeOf(settled);
          seen.updateCall[outcome] += 1;
          expect(outcome).toBe(expectedUpdate(id, body));
          if (outcome === 'refused') {
            expect(sent).toHaveLength(0);
            return;
          }
          expect(sent).toHaveLength(1);
          expect(sent[0]).toMatchObject({ method: 'PUT', url: `${prismUrl}/api/v1/calls/${id}`, authorization: AUTHORIZATION });
          expect(JSON.parse(sent[0]?.body ?? '')).toEqual(JSON.parse(JSON.stringify(body)));
          if (outcome === 'resolved') {
            expect((settled as { value: Call }).value).toEqual(PUT_EXAMPLE);
          } else {
            const error = (settled as { error: BadRequestError }).error;
            expect(error).toMatchObject({ status: 400, operation: 'updateCall', method: 'PUT' });
            expect(error.messages.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1_000 },
    );
    expect(seen.updateCall.resolved).toBeGreaterThan(50);
    expect(seen.updateCall.refused).toBeGreaterThan(50);
    expect(seen.updateCall['bad-request']).toBeGreaterThan(50);
  });
});
