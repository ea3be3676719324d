// The state of the stateful mock: calls that can be created, listed, read and
// updated, shared by `elemente-calls-mock --stateful` and the MSW handlers
// with a store. It answers only requests the contract accepts: Prism, or the
// generated validators in MSW, have checked each one before it gets here, so
// nothing here checks input.
import { examples, responseExamples } from '../../generated/examples.js';
import type { Call, CallChannel, CreateCallRequest, UpdateCallRequest } from '../../generated/schema.js';
import { makeCall } from '../examples.js';
import type { OperationId } from '../internal/operations.js';
import type { MockResponse } from './response.js';

export interface CallsStoreOptions {
  /**
   * Seeds the ids of created calls, so that the same requests give the same ids on every run.
   * @default 1
   */
  seed?: number | undefined;
}

/** The calls of a stateful mock. Created with `createCallsStore`; hand it to `createCallsHandlers({ store })`. */
export interface CallsStore {
  /** Restores the starting state: the contract's example calls, and the ids of the seed from its start. */
  reset(): void;
  /** A copy of every stored call, in the order stored. */
  calls(): Call[];
}

/** A request the contract accepts, as the store reads it. */
export interface StoreRequest {
  params: Record<string, string>;
  /** The query as sent: each name with its value, or its values when repeated; deepObject members as `dateRange[from]`. */
  query: Record<string, string | string[]>;
  body: unknown;
}

interface Stored {
  call: Call;
  /** The channel it was started on. The example calls are phone calls ('call'): inferred, since a call publishes no channel. */
  channel: CallChannel;
  /** When it started, in ms since the epoch: its first message, or its creation by the store; undefined when neither is known. */
  startedAt: number | undefined;
  /** The last note an update left; the contract's Call has no field for it. */
  note?: string | undefined;
}

interface State {
  /** By id in lower case: the contract's UUIDs may come in either case. */
  calls: Map<string, Stored>;
  random: () => number;
}

const states = new WeakMap<CallsStore, State>();

/** The status of a call just created, as the contract's example of createCall's answer has it. */
const CREATED_STATUS = examples.CallCreated.status;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** mulberry32: a small, fast 32-bit generator; the same seed always gives the same sequence. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A version 4 UUID (RFC 9562) from `random`. */
function uuidFrom(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The starting calls: every call of the examples of getCall, listCalls and
 * createCall answers, the first under each id. updateCall's examples show
 * calls after an update, so they are not starting calls.
 */
function startingCalls(): Map<string, Stored> {
  const calls = new Map<string, Stored>();
  for (const operation of ['getCall', 'listCalls', 'createCall'] as const) {
    for (const name of responseExamples[operation]['200']) {
      const value = examples[name] as Call | Call[];
      for (const call of Array.isArray(value) ? value : [value]) {
        const key = call.id.toLowerCase();
        if (calls.has(key)) continue;
        const first = call.messages[0]?.timestamp;
        calls.set(key, { call: structuredClone(call), channel: 'call', startedAt: first === undefined ? undefined : Date.parse(first) });
      }
    }
  }
  return calls;
}

/** Creates the state of a stateful mock, holding the contract's example calls. */
export function createCallsStore(options: CallsStoreOptions = {}): CallsStore {
  const seed = options.seed ?? 1;
  const store: CallsStore = {
    reset() {
      const state = states.get(store)!;
      state.calls = startingCalls();
      state.random = seeded(seed);
    },
    calls: () => [...states.get(store)!.calls.values()].map(({ call }) => structuredClone(call)),
  };
  states.set(store, { calls: startingCalls(), random: seeded(seed) });
  return store;
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * Whether a stored call passes listCalls' filters. status: equal. channel:
 * the one it was started on. dateRange: it started on a day (UTC) from `from`
 * to `to`, both included. hrs: it started within the last `hrs` hours.
 * sanitised: accepted, and changes nothing, as its meaning is not published.
 * The meaning of channel, dateRange and hrs for a call is inferred; a call
 * whose start is unknown matches no dateRange or hrs filter.
 */
function matches(stored: Stored, query: StoreRequest['query'], now: number): boolean {
  const status = first(query.status);
  const channel = first(query.channel);
  const from = first(query['dateRange[from]']);
  const to = first(query['dateRange[to]']);
  const hrs = first(query.hrs);
  if (status !== undefined && stored.call.status !== status) return false;
  if (channel !== undefined && stored.channel !== channel) return false;
  if (from === undefined && to === undefined && hrs === undefined) return true;
  const { startedAt } = stored;
  if (startedAt === undefined) return false;
  if (from !== undefined && startedAt < Date.parse(`${from}T00:00:00Z`)) return false;
  if (to !== undefined && startedAt >= Date.parse(`${to}T00:00:00Z`) + DAY_MS) return false;
  return hrs === undefined || startedAt >= now - Number(hrs) * HOUR_MS;
}

/** A call created from a create body: its fields from the request as the contract defines them, the rest from makeCall. */
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

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The store's response to a request the contract accepts, for the four operations. */
export function responseFromStore(store: CallsStore, operation: OperationId, request: StoreRequest, now: number = Date.now()): MockResponse {
  const state = states.get(store);
  if (!state) throw new TypeError('not a store made by createCallsStore');
  const ok = (body: unknown): MockResponse => ({ status: 200, body: structuredClone(body), headers: { ...JSON_HEADERS } });
  if (operation === 'listCalls') return ok([...state.calls.values()].filter((stored) => matches(stored, request.query, now)).map(({ call }) => call));
  if (operation === 'createCall') {
    const body = request.body as CreateCallRequest;
    const call = createdCall(body, state.random);
    state.calls.set(call.id, { call, channel: body.channel, startedAt: now });
    return ok(call);
  }
  const stored = state.calls.get((request.params.id ?? '').toLowerCase());
  if (!stored) return { status: 404, body: structuredClone(examples.CallNotFound), headers: { ...JSON_HEADERS } };
  if (operation === 'updateCall') {
    const { agentId, status, note } = request.body as UpdateCallRequest;
    if (agentId !== undefined) stored.call.agentId = agentId;
    if (status !== undefined) stored.call.status = status;
    // Kept beside the call, not on it: a response holds only the fields the contract declares.
    if (note !== undefined) stored.note = note;
  }
  return ok(stored.call);
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
