// What was sent to the mock, for a test to ask afterwards ("did the app
// send PUT with status completed?"): one entry per request to the
// contract's paths, oldest first, bounded. Never a header: the credentials
// travel in one, and nothing derived from them is kept.
import type { CreateCallRequest, UpdateCallRequest } from '../../generated/schema.js';
import type { OPERATIONS, OperationId } from '../internal/operations.js';

type Operations = typeof OPERATIONS;
/** The JSON body each operation takes, or null for one that takes none. */
interface RequestBodies extends Record<OperationId, unknown> {
  getCall: null;
  listCalls: null;
  createCall: CreateCallRequest;
  updateCall: UpdateCallRequest;
}
type RequestBodyOf<Operation extends OperationId> = RequestBodies[Operation];

/** One request the mock received, typed by the operation its method and path name. */
export type MockRequestEntry =
  | {
      [Operation in OperationId]: {
        /** When it arrived, by the mock's clock (mock time under `--simulate --speed`), as an RFC 3339 date-time. */
        at: string;
        operation: Operation;
        method: Operations[Operation]['method'];
        /** The URL path, without the query. */
        path: string;
        /** Each query name with its value, or its values when repeated; deepObject members as `dateRange[from]`. */
        query: Record<string, string | string[]>;
        /**
         * The JSON body as sent; for a request the contract refused (a 400),
         * whatever was sent, which need not be of this type; a body that is
         * not JSON is its text.
         */
        body: RequestBodyOf<Operation>;
        /** The status the mock answered with. */
        status: number;
      };
    }[OperationId]
  | {
      at: string;
      /** No operation of the contract has this method and path. */
      operation: null;
      method: string;
      path: string;
      query: Record<string, string | string[]>;
      body: unknown;
      status: number;
    };

/** How many entries the journal keeps: enough for a long end-to-end test, while a load test cannot grow the mock without bound. */
export const MAX_JOURNAL_ENTRIES = 1000;
/** How many bytes of bodies it keeps; past it, the oldest entries go first, whatever their number. */
export const MAX_JOURNAL_BODY_BYTES = 16 * 1024 * 1024;

/** The last MAX_JOURNAL_ENTRIES requests, oldest first. */
export class Journal {
  private entries: Array<{ entry: MockRequestEntry; bytes: number }> = [];
  private first = 0;
  private bytes = 0;

  /** Records a request; `bytes` is the size of its body as sent. */
  record(entry: MockRequestEntry, bytes: number): void {
    this.entries.push({ entry, bytes });
    this.bytes += bytes;
    while (this.entries.length - this.first > MAX_JOURNAL_ENTRIES || (this.bytes > MAX_JOURNAL_BODY_BYTES && this.entries.length - this.first > 1)) {
      this.bytes -= (this.entries[this.first] as { bytes: number }).bytes;
      this.first += 1;
    }
    // Drop the dead head now and then, not on every request.
    if (this.first > MAX_JOURNAL_ENTRIES) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  /** Copies of the entries, oldest first. */
  list(): MockRequestEntry[] {
    return this.entries.slice(this.first).map(({ entry }) => structuredClone(entry));
  }

  clear(): void {
    this.entries = [];
    this.first = 0;
    this.bytes = 0;
  }
}
