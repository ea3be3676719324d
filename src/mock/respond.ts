// The one answer path of the mock. Each door checks a request its own way
// (the server with Prism's engine, MSW with the generated validators) and
// says what it found as a Verdict; from there on, both doors call respond(),
// which decides everything else once: a fault, an override, the state, the
// example or status asked for with Prefer, the contract's error body and
// Retry-After; then it records the request in the journal and waits the
// latency asked for.
import type { OperationId } from '../internal/operations.js';
import { drawFailure, drawLatency, type Faults } from './faults.js';
import type { Journal, MockRequestEntry } from './journal.js';
import { asksForAnswer, documentedExample, errorResponse, type MockResponse, type Preferences, preferredResponse, withMockRetryAfter } from './response.js';
import { type CallsStore, responseFromStore } from './store.js';

/** A request as both doors hand it to respond(): parsed, not yet judged. */
export interface MockRequest {
  /** The contract's operation that the method and path name; undefined when none does. */
  operation: OperationId | undefined;
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The path parameters, decoded. */
  params: Record<string, string>;
  /** Each query name with its value, or its values when repeated; deepObject members as `dateRange[from]`. */
  query: Record<string, string | string[]>;
  /** The parsed JSON body, the text of another body, or null for none. */
  body: unknown;
  /** The size of the body as sent, in bytes, for the journal's bound. */
  bodyBytes: number;
  prefer: Preferences;
}

/**
 * What a door found. `generated` is data the server door's engine made up
 * for a request that asked for it (`--dynamic`, `Prefer: dynamic=true`),
 * used where an example would be.
 */
export type Verdict =
  /** The request keeps the contract. */
  | { kind: 'accepted'; generated?: MockResponse | undefined }
  /** No valid Basic credentials: the contract's 401. */
  | { kind: 'unauthorized'; generated?: MockResponse | undefined }
  /** The request breaks the contract: the 400 that lists its problems. */
  | { kind: 'invalid'; problems: readonly string[]; generated?: MockResponse | undefined }
  /** The door answered itself (a body it cannot read, a path the contract does not have): this response, as it is. */
  | { kind: 'refused'; response: MockResponse };

/** What the mock was started with, the same for every request. */
export interface MockSetup {
  /** Answers accepted requests from this store; without one, from the examples. */
  store?: CallsStore | undefined;
  /** Records every request here. */
  journal?: Journal | undefined;
  /** The journal's clock, in ms since the epoch (a store's mock time). @default Date.now */
  clock?: (() => number) | undefined;
  /** Delays, and failures in place of accepted requests' responses. */
  faults?: Faults | undefined;
}

/** An answer a test put in place of an operation's, or undefined to keep the mock's. */
export type Override = () => MockResponse | undefined | Promise<MockResponse | undefined>;

/** The response to `request`, given what its door found; `override` is the MSW door's replacement answer, if any. */
export async function respond(setup: MockSetup, request: MockRequest, verdict: Verdict, override?: Override): Promise<MockResponse> {
  const at = (setup.clock ?? Date.now)();
  const response = await decide(setup, request, verdict, override);
  if (setup.journal) {
    const { operation = null, method, path, query, body } = request;
    setup.journal.record(
      { at: new Date(at).toISOString(), operation, method, path, query, body, status: response.status } as MockRequestEntry,
      request.bodyBytes,
    );
  }
  const wait = setup.faults ? drawLatency(setup.faults) : 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return response;
}

async function decide(setup: MockSetup, request: MockRequest, verdict: Verdict, override: Override | undefined): Promise<MockResponse> {
  if (verdict.kind === 'refused') return verdict.response;
  const { operation, prefer } = request;
  // A verdict other than refused comes only for a request that names an operation.
  const id = operation as OperationId;
  if (verdict.kind === 'unauthorized') return verdict.generated ?? documentedExample(id, '401');
  if (verdict.kind === 'invalid') {
    // Told its problems, one per line, as the contract's 400 example promises; with an example, status or data asked for, the 400 answer as Prism gives it.
    if (verdict.problems.length > 0 && !asksForAnswer(prefer)) return errorResponse(400, verdict.problems);
    return verdict.generated ?? documentedExample(id, '400');
  }
  // A fault stands for a failure of the API itself: the request changes nothing.
  const failure = setup.faults && drawFailure(setup.faults);
  if (failure !== undefined) return withMockRetryAfter(documentedExample(id, String(failure)));
  // An override keeps its own headers, Retry-After included.
  const replaced = await override?.();
  if (replaced) return replaced;
  if (setup.store && !asksForAnswer(prefer)) return responseFromStore(setup.store, id, request);
  return withMockRetryAfter(verdict.generated ?? preferredResponse(id, prefer));
}
