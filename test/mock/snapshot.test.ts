// A store's state as data: export() and import() round-trip it, a living
// call goes on living after an import, a snapshot that breaks the format or
// the contract is refused with its problems named and nothing changed,
// createCallsStore({ calls }) starts (and resets) from given calls, ids are
// never handed out twice, and maxCalls bounds what is kept.
import { describe, expect, it } from 'vitest';
import type { Call } from '../../generated/schema.js';
import { examples, makeCall } from '../../src/examples.js';
import { InvalidArgumentError, isFinalStatus } from '../../src/index.js';
import { responseFromStore } from '../../src/mock/store.js';
import { type CallsStore, type CallsStoreSnapshot, createCallsStore } from '../../src/msw.js';

const START = Date.parse('2026-12-07T10:00:00Z');
const create = (store: CallsStore, body = examples.StartPhoneCall) => responseFromStore(store, 'createCall', { params: {}, query: {}, body }).body as Call;
const update = (store: CallsStore, id: string, body: object) => responseFromStore(store, 'updateCall', { params: { id }, query: {}, body }).body as Call;
const refusal = (action: () => void): InvalidArgumentError => {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('export() and import()', () => {
  it('round-trip the calls, their channels, notes and lives, and how many calls were created', () => {
    const clock = { now: START };
    const source = createCallsStore({ seed: 4, simulate: true, now: () => clock.now });
    const whatsapp = create(source, examples.StartWhatsAppChat);
    const phone = create(source);
    update(source, phone.id, { note: 'Call back after 5 pm' });
    clock.now += 2000;
    const snapshot = source.export();
    expect(snapshot).toMatchObject({ format: 'elemente-calls-mock', version: 1, at: new Date(clock.now).toISOString(), created: 2 });
    expect(snapshot.mock?.[whatsapp.id]).toMatchObject({ channel: 'whatsapp', startedAt: new Date(START).toISOString(), life: { seed: expect.any(Number) } });
    expect(snapshot.mock?.[phone.id]).toMatchObject({ channel: 'call', note: 'Call back after 5 pm' });
    // A JSON round trip, as GET and PUT /_mock/state and a state file make it.
    const target = createCallsStore({ seed: 4, simulate: true, now: () => clock.now });
    target.import(JSON.parse(JSON.stringify(snapshot)) as CallsStoreSnapshot);
    expect(target.calls()).toEqual(source.calls());
    expect(target.export()).toEqual(snapshot);
    // The lives go on in the store that imported them, as in the one that made them.
    clock.now += 120_000;
    expect(target.calls()).toEqual(source.calls());
    expect(
      target
        .calls()
        .slice(-2)
        .every((call) => isFinalStatus(call.status)),
    ).toBe(true);
  });

  it('refuse a snapshot that breaks the format or the contract, naming each problem, and change nothing', () => {
    const store = createCallsStore({ now: () => START });
    const before = store.export();
    const good = store.export();
    const cases: Array<[unknown, string[]]> = [
      ['calls', ['a snapshot must be an object']],
      [{ ...good, version: 2 }, ['version must be 1']],
      [{ version: 1 }, ['calls must be a list of calls']],
      [{ ...good, calls: [{ ...examples.CallCompleted, status: 'done' }] }, ['calls[0]/status must be equal to one of the allowed values']],
      [{ ...good, calls: [{ ...examples.CallCompleted, note: 'x' }] }, ["calls[0]/note is not a property of the contract's Call"]],
      [
        { ...good, calls: [examples.CallCompleted, { ...examples.CallCompleted, id: examples.CallCompleted.id.toUpperCase() }] },
        ['calls[1] has the id of an earlier call'],
      ],
      [{ ...good, mock: { 'not-a-call': {} } }, ['mock["not-a-call"] names no call of calls']],
      [
        { ...good, mock: { [examples.CallCompleted.id]: { channel: 'fax', startedAt: 'yesterday', life: { seed: -1 } } } },
        ['channel must be one of', 'startedAt must be an RFC 3339 date-time', 'life must be'],
      ],
      [{ ...good, extra: true }, ['extra is not a field of a snapshot']],
    ];
    for (const [snapshot, problems] of cases) {
      const error = refusal(() => store.import(snapshot as CallsStoreSnapshot));
      expect(error.argument).toBe('snapshot');
      for (const problem of problems) expect(error.message).toContain(problem);
      expect(store.export()).toEqual(before);
    }
  });

  it('count, past 20 problems, the rest', () => {
    const calls = Array.from({ length: 30 }, (_, index) => ({ ...makeCall(), id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, duration: -1 }));
    expect(refusal(() => createCallsStore().import({ version: 1, calls } as CallsStoreSnapshot)).message).toContain('and 10 more problems');
  });
});

describe('createCallsStore({ calls })', () => {
  const mine = [makeCall({ id: 'aaaaaaaa-0000-4000-8000-000000000001', status: 'completed' }), makeCall({ id: 'aaaaaaaa-0000-4000-8000-000000000002' })];

  it('starts from the given calls instead of the examples, and goes back to them on reset', () => {
    const store = createCallsStore({ calls: mine });
    expect(store.calls()).toEqual(mine);
    create(store);
    expect(store.calls()).toHaveLength(3);
    store.reset();
    expect(store.calls()).toEqual(mine);
  });

  it('refuses calls that break the contract, naming them, as an import does', () => {
    const error = refusal(() => createCallsStore({ calls: [mine[0]!, { ...mine[1]!, customerEmail: '+1234567890' }] }));
    expect(error.argument).toBe('calls');
    expect(error.message).toContain('calls[1]/customerEmail must match format "email"');
  });

  it('never hands out an id that a call it holds already has', () => {
    const next = create(createCallsStore({ seed: 9 })).id;
    const store = createCallsStore({ seed: 9, calls: [makeCall({ id: next })] });
    const created = create(store);
    expect(created.id).not.toBe(next);
    expect(new Set(store.calls().map((call) => call.id)).size).toBe(2);
  });

  it('goes on counting from the snapshot it imported, so that ids are not handed out twice', () => {
    const first = createCallsStore({ seed: 2 });
    const ids = [create(first).id, create(first).id];
    const second = createCallsStore({ seed: 2 });
    second.import(first.export());
    expect(ids).not.toContain(create(second).id);
  });
});

describe('maxCalls', () => {
  const ended = (index: number) => makeCall({ id: `bbbbbbbb-0000-4000-8000-00000000000${index}`, status: 'completed' });
  const ringing = (index: number) => makeCall({ id: `cccccccc-0000-4000-8000-00000000000${index}`, status: 'ringing' });

  it('drops the oldest call that has ended to make room, before any that lives', () => {
    const store = createCallsStore({ maxCalls: 4, calls: [ringing(1), ended(1), ringing(2), ended(2)] });
    const created = create(store);
    expect(store.calls().map((call) => call.id)).toEqual([ringing(1).id, ringing(2).id, ended(2).id, created.id]);
  });

  it('drops the oldest when every call lives, and never holds more than maxCalls', () => {
    const store = createCallsStore({ maxCalls: 3, calls: [ringing(1), ringing(2)] });
    for (let index = 0; index < 10; index += 1) create(store);
    expect(store.calls()).toHaveLength(3);
    expect(store.calls().map((call) => call.id)).not.toContain(ringing(1).id);
  });
});
