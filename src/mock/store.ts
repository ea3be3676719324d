// The state of the stateful mock, shared by `elemente-calls-mock --stateful`
// (and `--simulate`) and by the MSW handlers given a store: the calls, the
// mock's clock, and the journal of what was sent. It answers only requests
// the contract accepts: Prism, or the generated validators in MSW, checked
// each one before it gets here, so nothing here checks a request. State is
// data, and a simulated call's life a pure function of it and of the clock:
// no timer runs, so the state can be saved, restored and replayed.
import { examples, responseExamples } from '../../generated/examples.js';
import type { Call, CallChannel, CreateCallRequest, UpdateCallRequest } from '../../generated/schema.js';
import { InvalidArgumentError } from '../errors.js';
import { makeCall } from '../examples.js';
import type { OperationId } from '../internal/operations.js';
import { isFinalStatus } from '../internal/statuses.js';
import { Journal, type MockRequestEntry } from './journal.js';
import { greetingFor, type Life, liveCall, planOf } from './life.js';
import { seeded, seedOf, uuidFrom } from './random.js';
import type { MockResponse } from './response.js';
import { type CallRecord, type CallsStoreSnapshot, callListProblems, SNAPSHOT_FORMAT, snapshotProblems } from './snapshot.js';

export interface CallsStoreOptions {
  /**
   * Seeds the ids of created calls and their lives, so that the same requests give the same calls on every run.
   * @default 1
   */
  seed?: number | undefined;
  /**
   * Created calls live on their own, as `--simulate` has them: they ring, talk and end, by the clock.
   * @default false
   */
  simulate?: boolean | undefined;
  /**
   * The clock, in ms since the epoch; a test moves time by what it returns.
   * @default Date.now
   */
  now?: (() => number) | undefined;
  /**
   * Mock time runs this many times faster than `now`, from the moment the store is created.
   * @default 1
   */
  speed?: number | undefined;
  /** The calls to start from (and to go back to on reset), instead of the contract's examples; each must keep the contract. */
  calls?: readonly Call[] | undefined;
  /**
   * The most calls kept: past it, the oldest are dropped, calls that have ended before calls that live.
   * @default 10000
   */
  maxCalls?: number | undefined;
}

/** The calls of a stateful mock. Created with `createCallsStore`; hand it to `createCallsHandlers({ store })`. */
export interface CallsStore {
  /** Back to the starting state: the starting calls, the ids of the seed from its start, and an empty journal. */
  reset(): void;
  /** A copy of every stored call as it is now, oldest first. */
  calls(): Call[];
  /** What was sent to the handlers, oldest first: the last 1,000 requests, with their bodies, and never a header. */
  requests(): MockRequestEntry[];
  /** Empties the journal that `requests()` reads. */
  clearRequests(): void;
  /** The whole state as a snapshot, which `import` (or the mock server's `--state-file`) takes back. */
  export(): CallsStoreSnapshot;
  /** Replaces the state with a snapshot; throws InvalidArgumentError naming its problems, and then changes nothing. */
  import(snapshot: CallsStoreSnapshot): void;
}

/** A request the contract accepts, as the store reads it. */
export interface StoreRequest {
  params: Record<string, string>;
  /** The query as sent: each name with its value, or its values when repeated; deepObject members as `dateRange[from]`. */
  query: Record<string, string | string[]>;
  body: unknown;
}

/** One stored call. */
interface Stored {
  /** Its fields; for a call that lives on its own, the fields its life does not change. */
  call: Call;
  /** The channel it was started on. The example calls are phone calls ('call'): inferred, since a call publishes no channel. */
  channel: CallChannel;
  /** When it started, in ms of mock time: its creation by the store, or its first message; undefined when neither is known. */
  startedAt: number | undefined;
  /** The last note an update left; the contract's Call has no field for it. */
  note?: string | undefined;
  /** While it lives on its own: what its life is drawn from (it began at startedAt). */
  life?: Life | undefined;
}

/** What a state file is told of, before the response that made the change is sent. */
export type StoreChange =
  | { kind: 'put'; id: string; record: StoredRecord; created: number; at: string }
  | { kind: 'drop'; id: string }
  /** The whole state was replaced (a reset, an import): write it anew from `export()`. */
  | { kind: 'replace' };

/** A stored call as a snapshot and a state file hold it. */
export interface StoredRecord {
  call: Call;
  record: CallRecord;
}

interface State {
  seed: number;
  simulate: boolean;
  maxCalls: number;
  now: () => number;
  speed: number;
  /** Mock time is mockFrom + (now() - realFrom) * speed, or `held` while the clock is held. */
  realFrom: number;
  mockFrom: number;
  held: number | undefined;
  /** What reset goes back to. */
  starting: readonly Call[] | undefined;
  /** By id in lower case: the contract's UUIDs may come in either case. Oldest first. */
  calls: Map<string, Stored>;
  /** How many calls the store has created: the index of the next one's id and life. */
  created: number;
  journal: Journal;
  onChange: ((change: StoreChange) => void) | undefined;
  onNotice: ((line: string) => void) | undefined;
  /** Whether the first drop past maxCalls was told. */
  toldDrop: boolean;
  /** The keys of the calls that may have ended (those that live, and those with a final status): where makeRoom looks first. */
  ending: Set<string>;
}

const states = new WeakMap<CallsStore, State>();

/** The most calls a store keeps by default: a long demo's worth, while a load test cannot grow the mock without bound. */
export const DEFAULT_MAX_CALLS = 10_000;
/** The status of a call just created, as the contract's example of createCall's answer has it. */
const CREATED_STATUS = examples.CallCreated.status;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

function stateOf(store: CallsStore): State {
  const state = states.get(store);
  if (!state) throw new TypeError('not a store made by createCallsStore');
  return state;
}

/** The mock's clock: `now`, run `speed` times faster from the store's start. */
const mockNow = (state: State): number => state.held ?? state.mockFrom + (state.now() - state.realFrom) * state.speed;

/** When a call started, from its first message; undefined when it has none. */
function firstMessageTime(call: Call): number | undefined {
  const first = call.messages[0]?.timestamp;
  return first === undefined ? undefined : Date.parse(first);
}

/** Stored calls for `calls` (copied), or for the contract's example calls: those of getCall, listCalls and createCall, the first under each id. */
function startingCalls(calls: readonly Call[] | undefined): Map<string, Stored> {
  const stored = new Map<string, Stored>();
  const add = (call: Call) => {
    const key = call.id.toLowerCase();
    if (!stored.has(key)) stored.set(key, { call: structuredClone(call), channel: 'call', startedAt: firstMessageTime(call) });
  };
  if (calls) calls.forEach(add);
  else
    for (const operation of ['getCall', 'listCalls', 'createCall'] as const) {
      // updateCall's examples show calls after an update, so they are not starting calls.
      for (const name of responseExamples[operation]['200']) {
        const value = examples[name] as Call | Call[];
        for (const call of Array.isArray(value) ? value : [value]) add(call);
      }
    }
  return stored;
}

/** A stored call as it is at mock time `now`. */
function callAt(stored: Stored, now: number): Call {
  if (!stored.life) return stored.call;
  const startedAt = stored.startedAt as number;
  return liveCall(stored.call, stored.channel, stored.life, startedAt, now - startedAt);
}

/** Whether a stored call has ended by mock time `now`. */
const hasEnded = (stored: Stored, now: number): boolean =>
  stored.life ? now >= (stored.startedAt as number) + (planOf(stored.life, stored.channel).at(-1)?.at ?? 0) : isFinalStatus(stored.call.status);

function checkWhole(argument: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new InvalidArgumentError(argument, `must be a whole number from ${min} to ${max}`);
}

const STORE_OPTIONS = ['seed', 'simulate', 'now', 'speed', 'calls', 'maxCalls'];

/** Creates the state of a stateful mock, holding the contract's example calls (or `calls`). Bad options throw InvalidArgumentError. */
export function createCallsStore(options: CallsStoreOptions = {}): CallsStore {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'must be an object');
  for (const key of Object.keys(options))
    if (!STORE_OPTIONS.includes(key)) throw new InvalidArgumentError(key, `is not an option of createCallsStore (${STORE_OPTIONS.join(', ')})`);
  const { seed = 1, simulate = false, now = Date.now, speed = 1, calls, maxCalls = DEFAULT_MAX_CALLS } = options;
  checkWhole('seed', seed, 0, 0xffffffff);
  if (typeof simulate !== 'boolean') throw new InvalidArgumentError('simulate', 'must be true or false');
  if (typeof now !== 'function') throw new InvalidArgumentError('now', 'must be a function that returns ms since the epoch');
  if (typeof speed !== 'number' || !(speed > 0) || !Number.isFinite(speed)) throw new InvalidArgumentError('speed', 'must be a number above 0');
  checkWhole('maxCalls', maxCalls, 1, 10_000_000);
  if (calls !== undefined) {
    if (!Array.isArray(calls)) throw new InvalidArgumentError('calls', 'must be a list of calls');
    const problems = callListProblems(calls, 'calls');
    if (problems.length > 0) throw new InvalidArgumentError('calls', problems.join('; '));
  }
  const starting = calls === undefined ? undefined : structuredClone(calls);
  const realFrom = now();
  if (typeof realFrom !== 'number' || !Number.isFinite(realFrom)) throw new InvalidArgumentError('now', 'must return ms since the epoch, a finite number');
  const store: CallsStore = {
    reset() {
      const state = stateOf(store);
      replaceState(state, startingCalls(state.starting), 0);
      state.journal.clear();
    },
    calls() {
      const state = stateOf(store);
      const at = mockNow(state);
      return [...state.calls.values()].map((stored) => structuredClone(callAt(stored, at)));
    },
    requests: () => stateOf(store).journal.list(),
    clearRequests: () => stateOf(store).journal.clear(),
    export: () => exportState(stateOf(store)),
    import(snapshot) {
      const problems = importSnapshot(store, snapshot);
      if (problems.length > 0) throw new InvalidArgumentError('snapshot', problems.join('; '));
    },
  };
  states.set(store, {
    seed,
    simulate,
    maxCalls,
    now,
    speed,
    realFrom,
    mockFrom: realFrom,
    held: undefined,
    starting,
    calls: new Map(),
    created: 0,
    journal: new Journal(),
    onChange: undefined,
    onNotice: undefined,
    toldDrop: false,
    ending: new Set(),
  });
  setCalls(stateOf(store), startingCalls(starting));
  return store;
}

/** Stores `stored` under `key` (a new key goes last), and notes whether it may have ended. */
function setCall(state: State, key: string, stored: Stored): void {
  state.calls.set(key, stored);
  if (stored.life || isFinalStatus(stored.call.status)) state.ending.add(key);
  else state.ending.delete(key);
}

function deleteCall(state: State, key: string): void {
  state.calls.delete(key);
  state.ending.delete(key);
}

function setCalls(state: State, calls: Map<string, Stored>): void {
  state.calls = new Map();
  state.ending = new Set();
  for (const [key, stored] of calls) setCall(state, key, stored);
}

/** Replaces the whole state, which a state file then writes anew; when it cannot, the state stays as it was, as for any change. */
function replaceState(state: State, calls: Map<string, Stored>, created: number): void {
  const before = { calls: state.calls, created: state.created };
  setCalls(state, calls);
  state.created = created;
  try {
    state.onChange?.({ kind: 'replace' });
  } catch (error) {
    setCalls(state, before.calls);
    state.created = before.created;
    throw error;
  }
}

/**
 * Replaces the state with `snapshot` and returns no problem, or returns its
 * problems and changes nothing. `owned`: the snapshot was just parsed for
 * this store (from a file, or a request's body), so its calls are kept as
 * they are rather than copied.
 */
export function importSnapshot(store: CallsStore, snapshot: unknown, owned = false): string[] {
  const state = stateOf(store);
  const problems = snapshotProblems(snapshot);
  if (problems.length > 0) return problems;
  const checked = snapshot as CallsStoreSnapshot;
  const records = new Map(Object.entries(checked.mock ?? {}).map(([id, record]) => [id.toLowerCase(), record]));
  const calls = new Map<string, Stored>();
  for (const call of checked.calls) calls.set(call.id.toLowerCase(), storedFrom({ call, record: records.get(call.id.toLowerCase()) ?? {} }, owned));
  replaceState(state, calls, Math.max(state.created, checked.created ?? 0));
  return [];
}

/** A stored call from its record in a snapshot or a state file; `owned` keeps the call object rather than a copy. */
export function storedFrom({ call, record }: StoredRecord, owned = false): Stored {
  const channel = record.channel ?? 'call';
  const startedAt = record.startedAt === undefined ? firstMessageTime(call) : Date.parse(record.startedAt);
  const stored: Stored = { call: owned ? call : structuredClone(call), channel, startedAt };
  if (record.note !== undefined) stored.note = record.note;
  // Its plan is drawn when it is first read, not here: a state file of many calls loads fast.
  if (record.life !== undefined && startedAt !== undefined) stored.life = { ...record.life };
  return stored;
}

/** A stored call as a snapshot holds it: the call as it is at `now` (a living call's life redraws what changes), and its record. */
function recordOf(stored: Stored, now: number): StoredRecord {
  const record: CallRecord = { channel: stored.channel };
  if (stored.startedAt !== undefined) record.startedAt = new Date(stored.startedAt).toISOString();
  if (stored.note !== undefined) record.note = stored.note;
  if (stored.life) record.life = { ...stored.life };
  return { call: structuredClone(callAt(stored, now)), record };
}

function exportState(state: State): CallsStoreSnapshot {
  const now = mockNow(state);
  const snapshot: CallsStoreSnapshot = { format: SNAPSHOT_FORMAT, version: 1, at: new Date(now).toISOString(), created: state.created, calls: [], mock: {} };
  for (const stored of state.calls.values()) {
    const { call, record } = recordOf(stored, now);
    snapshot.calls.push(call);
    (snapshot.mock as Record<string, CallRecord>)[call.id] = record;
  }
  return snapshot;
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * Whether a call passes listCalls' filters. status: equal. channel: the one
 * it was started on. dateRange: it started on a day (UTC) from `from` to
 * `to`, both included. hrs: it started within the last `hrs` hours.
 * sanitised: accepted, and changes nothing, as its meaning is not published.
 * The meaning of channel, dateRange and hrs for a call is inferred; a call
 * whose start is unknown matches no dateRange or hrs filter.
 */
function matches(stored: Stored, call: Call, query: StoreRequest['query'], now: number): boolean {
  const status = first(query.status);
  const channel = first(query.channel);
  const from = first(query['dateRange[from]']);
  const to = first(query['dateRange[to]']);
  const hrs = first(query.hrs);
  if (status !== undefined && call.status !== status) return false;
  if (channel !== undefined && stored.channel !== channel) return false;
  if (from === undefined && to === undefined && hrs === undefined) return true;
  const { startedAt } = stored;
  if (startedAt === undefined) return false;
  if (from !== undefined && startedAt < Date.parse(`${from}T00:00:00Z`)) return false;
  if (to !== undefined && startedAt >= Date.parse(`${to}T00:00:00Z`) + DAY_MS) return false;
  return hrs === undefined || startedAt >= now - Number(hrs) * HOUR_MS;
}

/** A call created from a create body: its fields from the request as the contract defines them, the rest from makeCall; its id and life from `random`. */
function createdCall(body: CreateCallRequest, random: () => number): Call {
  const id = uuidFrom(random);
  const { customerOverride: customer = {}, agentOverride: agent = {} } = body;
  const named = [customer.firstName, customer.lastName].filter((part) => part !== undefined).join(' ');
  const call = makeCall({
    id,
    status: CREATED_STATUS,
    agentId: body.agentId,
    skillId: body.skillId,
    customerId: uuidFrom(random),
    recordingUrl: `https://recordings.example.com/calls/${id.slice(0, 8)}.wav`,
  });
  const customerName = body.customerName ?? (named === '' ? undefined : named);
  const customerPhone = body.customerPhone ?? customer.phoneNumber;
  const customerEmail = body.customerEmail ?? customer.email;
  if (customerName !== undefined) call.customerName = customerName;
  if (customerPhone !== undefined) call.customerPhone = customerPhone;
  if (customerEmail !== undefined) call.customerEmail = customerEmail;
  if (agent.phone !== undefined) call.agentPhone = agent.phone;
  return call;
}

/** Stores a call, telling the state file first: a change is on disk before its response is sent. */
function put(state: State, stored: Stored, now: number): void {
  const key = stored.call.id.toLowerCase();
  if (!state.calls.has(key)) makeRoom(state, now);
  if (state.onChange) state.onChange({ kind: 'put', id: key, record: recordOf(stored, now), created: state.created, at: new Date(now).toISOString() });
  setCall(state, key, stored);
}

/** Drops calls until one more fits: the oldest that has ended first, else the oldest. Says so once. */
function makeRoom(state: State, now: number): void {
  while (state.calls.size >= state.maxCalls) {
    let victim: string | undefined;
    // Only when a call may have ended is there one to look for: the oldest, in the calls' order.
    if (state.ending.size > 0)
      for (const [key, stored] of state.calls)
        if (state.ending.has(key) && hasEnded(stored, now)) {
          victim = key;
          break;
        }
    victim ??= state.calls.keys().next().value as string;
    state.onChange?.({ kind: 'drop', id: victim });
    deleteCall(state, victim);
    if (!state.toldDrop) {
      state.toldDrop = true;
      state.onNotice?.(`The mock holds ${state.maxCalls} calls, its most: from now on it drops the oldest, calls that have ended first.`);
    }
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };
/** A 200 with `body`, which may be the store's own object: both doors serialize a response at once, and never change it. */
const ok = (body: unknown): MockResponse => ({ status: 200, body, headers: { ...JSON_HEADERS } });

/** The store's response to a request the contract accepts, for the four operations. */
export function responseFromStore(store: CallsStore, operation: OperationId, request: StoreRequest): MockResponse {
  const state = stateOf(store);
  const now = mockNow(state);
  if (operation === 'listCalls') {
    const listed: Call[] = [];
    for (const stored of state.calls.values()) {
      const call = callAt(stored, now);
      if (matches(stored, call, request.query, now)) listed.push(call);
    }
    return ok(listed);
  }
  if (operation === 'createCall') {
    const body = request.body as CreateCallRequest;
    let random: () => number;
    let call: Call;
    // An id an earlier call has (one given in `calls` or imported) is never handed out again.
    do {
      random = seeded(seedOf(state.seed, state.created));
      call = createdCall(body, random);
      state.created += 1;
    } while (state.calls.has(call.id));
    const stored: Stored = { call, channel: body.channel, startedAt: now };
    if (state.simulate) {
      stored.life = { seed: Math.floor(random() * 0x1_0000_0000), greeting: greetingFor(body) };
      call.status = planOf(stored.life, body.channel)[0]?.status ?? call.status;
    }
    put(state, stored, now);
    return ok(callAt(stored, now));
  }
  const stored = state.calls.get((request.params.id ?? '').toLowerCase());
  if (!stored) return { status: 404, body: examples.CallNotFound, headers: { ...JSON_HEADERS } };
  if (operation === 'updateCall') {
    const { agentId, status, note } = request.body as UpdateCallRequest;
    const updated: Stored = { ...stored, call: structuredClone(callAt(stored, now)) };
    // A status set by an update ends the call's own life: it keeps what it had, with this status, from now on.
    if (status !== undefined) {
      updated.call.status = status;
      delete updated.life;
    } else if (stored.life) updated.call = structuredClone(stored.call);
    if (agentId !== undefined) updated.call.agentId = agentId;
    // Kept beside the call, not on it: a response holds only the fields the contract declares.
    if (note !== undefined) updated.note = note;
    put(state, updated, now);
    return ok(callAt(updated, now));
  }
  return ok(callAt(stored, now));
}

/** How many calls the store holds. */
export const callCount = (store: CallsStore): number => stateOf(store).calls.size;

/** The journal the handlers record requests in. */
export const journalOf = (store: CallsStore): Journal => stateOf(store).journal;

/** The store's mock time, in ms since the epoch: the journal's clock. */
export const clockOf = (store: CallsStore): (() => number) => {
  const state = stateOf(store);
  return () => mockNow(state);
};

/**
 * For a state file: tells `onChange` of every change before the response
 * that made it is sent, and `onNotice` of what the operator should know;
 * the clock goes on from `resumeAt` (mock time when the state was saved)
 * when that is later than now, so that lives saved at a higher speed go on.
 */
export function observeStore(
  store: CallsStore,
  hooks: { onChange?: (change: StoreChange) => void; onNotice?: (line: string) => void; resumeAt?: number | undefined },
): void {
  const state = stateOf(store);
  state.onChange = hooks.onChange;
  state.onNotice = hooks.onNotice;
  if (hooks.resumeAt !== undefined && hooks.resumeAt > mockNow(state)) {
    state.realFrom = state.now();
    state.mockFrom = hooks.resumeAt;
  }
}

/**
 * Stops the mock's clock where it is (`hold`), or lets it run on from there
 * (`release`): the server holds it while Prism's engine loads, so that mock
 * time, and the lives it moves, go on only once the mock answers.
 */
export function holdClock(store: CallsStore, hold: boolean): void {
  const state = stateOf(store);
  if (hold) state.held ??= mockNow(state);
  else if (state.held !== undefined) {
    state.mockFrom = state.held;
    state.realFrom = state.now();
    state.held = undefined;
  }
}

/** Applies a change read back from a state file (no hook is told). */
export function replayChange(store: CallsStore, change: { kind: 'put'; record: StoredRecord; created: number } | { kind: 'drop'; id: string }): void {
  const state = stateOf(store);
  if (change.kind === 'drop') deleteCall(state, change.id.toLowerCase());
  else {
    const stored = storedFrom(change.record, true);
    // An update keeps the call's place among the calls, oldest first, as it did when it was answered; only a new call goes last.
    setCall(state, stored.call.id.toLowerCase(), stored);
    state.created = Math.max(state.created, change.created);
  }
}

/** The query as Prism reads it: each name with its value, or its values when repeated. */
export function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}
