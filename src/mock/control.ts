// The mock server's own endpoints under /_mock/, which are not the
// contract's: reset a stateful mock, read or empty the journal of requests,
// and take the state out or put it in. They are answered at once: no
// latency, no fault, and they are not recorded in the journal.
import type { Journal } from './journal.js';
import { errorResponse, type MockResponse } from './response.js';
import { type CallsStore, importSnapshot } from './store.js';

export const CONTROL_PREFIX = '/_mock/';
export const RESET_PATH = '/_mock/reset';
export const REQUESTS_PATH = '/_mock/requests';
export const STATE_PATH = '/_mock/state';

/** The largest snapshot PUT /_mock/state reads: 10,000 calls with long transcripts. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

export interface ControlTarget {
  store?: CallsStore | undefined;
  journal: Journal;
}

const noContent: MockResponse = { status: 204, body: undefined, headers: {} };
const json = (body: unknown): MockResponse => ({ status: 200, body, headers: { 'content-type': 'application/json' } });
const only = (path: string, methods: string[]) => errorResponse(405, `${path} takes ${methods.join(' or ')}`, { allow: methods.join(', ') });

/**
 * The response to a request under /_mock/. `readBody` reads the request's
 * JSON body up to MAX_SNAPSHOT_BYTES: undefined when it is longer, a
 * SyntaxError when it is not JSON.
 */
export async function controlResponse(target: ControlTarget, method: string, path: string, readBody: () => Promise<unknown>): Promise<MockResponse> {
  const { store, journal } = target;
  const stateless = (what: string) => errorResponse(404, `${path} ${what} a mock started with --stateful or --simulate; this one keeps no state`);
  if (path === REQUESTS_PATH) {
    if (method === 'GET') return json(journal.list());
    if (method === 'DELETE') {
      journal.clear();
      return noContent;
    }
    return only(path, ['GET', 'DELETE']);
  }
  if (path === RESET_PATH) {
    if (method !== 'POST') return only(path, ['POST']);
    if (!store) return stateless('resets');
    store.reset();
    return noContent;
  }
  if (path === STATE_PATH) {
    if (method !== 'GET' && method !== 'PUT') return only(path, ['GET', 'PUT']);
    if (!store) return stateless('holds the state of');
    if (method === 'GET') return json(store.export());
    let snapshot: unknown;
    try {
      snapshot = await readBody();
    } catch {
      return errorResponse(400, 'The snapshot is not valid JSON');
    }
    if (snapshot === undefined) return errorResponse(413, `The snapshot is larger than the mock reads (${MAX_SNAPSHOT_BYTES} bytes)`, { connection: 'close' });
    const problems = importSnapshot(store, snapshot, true);
    return problems.length > 0 ? errorResponse(400, problems) : noContent;
  }
  return errorResponse(404, `No endpoint of the mock matches ${method} ${path}: ${[RESET_PATH, REQUESTS_PATH, STATE_PATH].join(', ')}`);
}
