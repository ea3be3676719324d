// @elemente/calls-api/msw: MSW request handlers for every operation of the
// contract (msw is an optional peer dependency). They check a request with
// the spec's generated validators (src/mock/validate.ts), then answer it by
// the mock's one answer path (src/mock/respond.ts), as elemente-calls-mock does.
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { operations } from '../generated/schema.js';
import { OPERATIONS, type OperationId } from './internal/operations.js';
import type { CallsFaults } from './mock/faults.js';
import { type MockRequest, type Override, respond } from './mock/respond.js';
import { type CallsStore, queryOf } from './mock/store.js';
import { checkHandlerOptions, checkRequest } from './mock/validate.js';

export type { CallsFaults } from './mock/faults.js';
export type { MockRequestEntry } from './mock/journal.js';
export type { CallRecord, CallsStoreSnapshot } from './mock/snapshot.js';
export type { CallsStore, CallsStoreOptions } from './mock/store.js';
export { createCallsStore } from './mock/store.js';
export type { OperationId };

type JsonBody<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : undefined;

/** One response of `Operation`: a status it documents, with the body the contract gives that status. */
export type CallsResponse<Operation extends OperationId> = {
  [Status in keyof operations[Operation]['responses'] & number]: {
    status: Status;
    body: JsonBody<operations[Operation]['responses'][Status]>;
    headers?: Record<string, string>;
  };
}[keyof operations[Operation]['responses'] & number];

/** @deprecated Renamed CallsResponse. */
export type CallsAnswer<Operation extends OperationId> = CallsResponse<Operation>;

/** What an override receives: the request as MSW passed it, and the path parameters. */
export interface CallsRequest {
  request: Request;
  params: Record<string, string>;
}

export interface CallsHandlersOptions {
  /**
   * The server the client under test calls.
   * @default 'https://api.elemente.ai'
   */
  baseUrl?: string | undefined;
  /** Replaces an operation's response to a request the contract accepts: a fixed response, or a function of the request. Typed by the contract. */
  answers?:
    | { [Operation in OperationId]?: CallsResponse<Operation> | ((request: CallsRequest) => CallsResponse<Operation> | Promise<CallsResponse<Operation>>) }
    | undefined;
  /** Answers from this store, as `elemente-calls-mock --stateful` does, and records each request in its journal; without one, every operation answers with its examples. */
  store?: CallsStore | undefined;
  /** Delays and failures, as the mock server's --latency, --fail-rate, --fail-with and --seed give them. */
  faults?: CallsFaults | undefined;
}

/** Creates MSW handlers for every operation of the Calls API at `baseUrl`. Options of the wrong shape throw InvalidArgumentError here. */
export function createCallsHandlers(options: CallsHandlersOptions = {}): HttpHandler[] {
  const { base, setup } = checkHandlerOptions(options);
  return (Object.keys(OPERATIONS) as OperationId[]).map((operation) => {
    const { method, path } = OPERATIONS[operation];
    return http[method.toLowerCase() as Lowercase<typeof method>](base + path.replace(/\{([^}]+)\}/g, ':$1'), async ({ request, params }) => {
      const url = new URL(request.url);
      const asText = params as Record<string, string>;
      const query = queryOf(url);
      const text = await request.clone().text();
      const { verdict, body, prefer } = checkRequest({ operation, headers: request.headers, params: asText, query, text });
      const mockRequest: MockRequest = { operation, method, path: url.pathname, params: asText, query, body, bodyBytes: text.length, prefer };
      const given = options.answers?.[operation] as
        | CallsResponse<OperationId>
        | ((input: CallsRequest) => CallsResponse<OperationId> | Promise<CallsResponse<OperationId>>)
        | undefined;
      const override: Override | undefined =
        given &&
        (async () => {
          const response = typeof given === 'function' ? await given({ request, params: asText }) : given;
          return { status: response.status, body: response.body, headers: { ...response.headers } };
        });
      const response = await respond(setup, mockRequest, verdict, override);
      const init: ResponseInit = { status: response.status, headers: response.headers };
      return response.body === undefined ? new HttpResponse(null, init) : HttpResponse.json(response.body as object, init);
    });
  });
}
