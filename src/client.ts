// createCallsClient: the contract's operations (internal/operations.ts) as
// methods that return the data and throw typed errors.
import type { Call } from '../generated/schema.js';
import { ElementeError } from './errors.js';
import { type ClientConfig, createConfig, resolveCallOptions } from './internal/config.js';
import { fillPath, OPERATIONS, type OperationId, type ResponseBody } from './internal/operations.js';
import { sanitizeCause } from './internal/redact.js';
import type { OutgoingRequest } from './internal/request.js';
import { readResponseData, requestIdOf } from './internal/response.js';
import { send } from './internal/send.js';
import { type WaitForCallOptions, waitForCall } from './internal/wait.js';
import type { CallOptions, CallsClientOptions, WithResponse } from './options.js';

type Operations = typeof OPERATIONS;

/** One method per operation: its arguments, then the call's options; it resolves to the operation's 2xx body. */
type OperationMethods = {
  [Id in keyof Operations]: (...args: [...Parameters<Operations[Id]['prepare']>, options?: CallOptions]) => Promise<ResponseBody<Id>>;
};

/** The same methods, resolving to the data with the answer's status, headers and request id. */
type OperationMethodsWithResponse = {
  [Id in keyof Operations]: (...args: [...Parameters<Operations[Id]['prepare']>, options?: CallOptions]) => Promise<WithResponse<ResponseBody<Id>>>;
};

/** A client for the Calls API: one method per operation of the contract. */
export interface CallsClient extends OperationMethods {
  /** Every operation again, resolving to `{ data, status, headers, requestId }`. */
  readonly withResponse: OperationMethodsWithResponse;
  /**
   * Reads the call every `intervalMs` (or as Retry-After asks) until `until(call)` holds, by default until its
   * status is final (isFinalStatus), and resolves to it; past `timeoutMs` it rejects with WaitTimeoutError.
   */
  waitForCall(id: string, options?: WaitForCallOptions): Promise<Call>;
}

/**
 * Calls operation `id` with the caller's `args` (its own arguments, then the
 * call's options) and returns the parsed 2xx body. The checks run inside, so
 * that whatever a caller passes (a getter that throws, say) ends as an
 * ElementeError too.
 */
async function call(config: ClientConfig, id: OperationId, args: unknown[], withResponse: boolean): Promise<unknown> {
  const { method, path, prepare } = OPERATIONS[id];
  let signal: AbortSignal | undefined;
  try {
    const options = args[prepare.length] as CallOptions | undefined;
    const prepared = (prepare as (...inputs: unknown[]) => ReturnType<typeof prepare>)(...args.slice(0, prepare.length));
    const body = prepared.body === undefined ? undefined : JSON.stringify(prepared.body);
    const settings = resolveCallOptions(config, options, body !== undefined);
    signal = settings.signal;
    const relative = fillPath(path, prepared.params);
    const outgoing: OutgoingRequest = {
      operation: id,
      method,
      path: config.basePath + relative,
      url: config.baseUrl + relative + (prepared.query ?? ''),
      headers: settings.headers,
      body,
    };
    return await send(config, outgoing, signal, settings.timeoutMs, (buffered, error) => {
      if (error) throw error;
      const data = readResponseData(config, outgoing, buffered);
      if (!withResponse) return data;
      const { status, headers } = buffered;
      return { data, status, headers: new Headers(headers), requestId: requestIdOf(config, headers) };
    });
  } catch (error) {
    // The promise: every failure is an ElementeError, except the caller's own abort reason.
    if (error instanceof ElementeError || (signal?.aborted && error === signal.reason)) throw error;
    const cause = sanitizeCause(error, config.clean);
    throw new ElementeError(`${id} failed unexpectedly: ${cause?.message ?? ''}`, { cause });
  }
}

/** Creates a client for the Calls API. Bad options throw InvalidArgumentError here, before anything is sent. */
export function createCallsClient(options?: CallsClientOptions): CallsClient {
  const config = createConfig(options);
  const client: Record<string, unknown> = {};
  const withResponse: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    client[id] = (...args: unknown[]) => call(config, id, args, false);
    withResponse[id] = (...args: unknown[]) => call(config, id, args, true);
  }
  client.withResponse = Object.freeze(withResponse);
  client.waitForCall = (id: string, options?: WaitForCallOptions) =>
    waitForCall((callId, callOptions) => call(config, 'getCall', [callId, callOptions], true) as Promise<WithResponse<Call>>, id, options, config.timeoutMs);
  return client as unknown as CallsClient;
}
