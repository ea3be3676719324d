// The contract's operations, one entry each: its method, its path as the spec
// writes it, and how a caller's arguments become a request (checked first).
// The client's methods, the raw client's error names and the MSW handlers
// all read this table; a test holds it to the spec.
import type { CreateCallRequest, operations, UpdateCallRequest } from '../../generated/schema.js';
import type { ListCallsFilters } from '../options.js';
import { assertCallId, checkCreateBody, checkUpdateBody, encodeListFilters } from './checks.js';

/** What a caller's arguments become: the path's parameters, the query string and the body, each already checked. */
export interface RequestParts {
  params?: Record<string, string>;
  /** `''` or `?name=value&...`, encoded. */
  query?: string;
  body?: unknown;
}

export interface Operation<Args extends unknown[]> {
  method: 'GET' | 'PUT' | 'POST';
  /** The path as the spec writes it: `/api/v1/calls/{id}`. */
  path: string;
  /** Checks the caller's arguments, throwing InvalidArgumentError for the first bad one. Its arity is the number of arguments before the call's options. */
  prepare: (...args: Args) => RequestParts;
}

const operation = <Args extends unknown[]>(method: Operation<Args>['method'], path: string, prepare: (...args: Args) => RequestParts): Operation<Args> => ({
  method,
  path,
  prepare,
});

const byId = (id: string): RequestParts => {
  assertCallId(id);
  return { params: { id } };
};

export const OPERATIONS = {
  /** `GET /api/v1/calls/{id}`: the call with this id. */
  getCall: operation('GET', '/api/v1/calls/{id}', (id: string) => byId(id)),
  /** `PUT /api/v1/calls/{id}`: changes the fields in `body` and returns the call after the update. */
  updateCall: operation('PUT', '/api/v1/calls/{id}', (id: string, body: UpdateCallRequest) => ({ ...byId(id), body: checkUpdateBody(body) })),
  /**
   * `GET /api/v1/calls`: the calls that match every filter given (all calls without one), as one
   * array; no pagination is published. Filters are checked before sending.
   */
  listCalls: operation('GET', '/api/v1/calls', (filters?: ListCallsFilters) => ({ query: encodeListFilters(filters) })),
  /**
   * `POST /api/v1/calls`: starts a call and returns it. Sent again only when it provably never
   * reached the API (a refused connection, a failed DNS lookup, or a 429): a repeated create could
   * ring a customer twice.
   */
  createCall: operation('POST', '/api/v1/calls', (body: CreateCallRequest) => ({ body: checkCreateBody(body) })),
};

export type OperationId = keyof typeof OPERATIONS;

/** The JSON body of an operation's 2xx answer, as the contract types it. */
export type ResponseBody<Id extends OperationId> = operations[Id]['responses'] extends { 200: { content: { 'application/json': infer Body } } } ? Body : never;

/** Each path template split once at its parameters: a literal, a name, a literal, and so on. */
const templateParts = /* @__PURE__ */ new Map<string, string[]>();

/**
 * The operation's path with its parameters filled in, each percent-encoded.
 * Joined from the template's parts rather than replaced with a callback:
 * it runs on every call, and a replace cost a few per cent of one.
 */
export function fillPath(template: string, params: Readonly<Record<string, string>> | undefined): string {
  let parts = templateParts.get(template);
  if (parts === undefined) {
    parts = template.split(/\{([^{}]+)\}/);
    templateParts.set(template, parts);
  }
  let path = parts[0]!;
  for (let index = 1; index < parts.length; index += 2) path += encodeURIComponent(params?.[parts[index]!] ?? '') + parts[index + 1];
  return path;
}

/** Per operation, a pattern that matches its concrete paths (each `{parameter}` one segment, captured by name); built on first use. */
let patterns: Array<{ id: OperationId; method: string; pattern: RegExp }> | undefined;

/** The operation a method and a path (after the base URL) name, if any of the contract's does, with its path parameters as sent (still percent-encoded). */
export function matchOperation(method: string, path: string): { operation: OperationId; params: Record<string, string> } | undefined {
  patterns ??= Object.entries(OPERATIONS).map(([id, operation]) => ({
    id: id as OperationId,
    method: operation.method,
    pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^{}]+)\}/g, '(?<$1>[^/]+)')}$`),
  }));
  for (const entry of patterns) {
    const match = entry.method === method ? entry.pattern.exec(path) : null;
    if (match) return { operation: entry.id, params: { ...match.groups } };
  }
  return undefined;
}

/** The operation a method and a path (after the base URL) name, if any of the contract's does. */
export const findOperation = (method: string, path: string): OperationId | undefined => matchOperation(method, path)?.operation;
