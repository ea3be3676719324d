// Which contract operation a request is, by method and path: errors name it.
import type { RequestContext } from './errors/RequestError.js';

const OPERATIONS: ReadonlyArray<{ method: string; path: RegExp; operation: string }> = [
  { method: 'GET', path: /^\/api\/v1\/calls\/[^/]+$/, operation: 'getCall' },
  { method: 'PUT', path: /^\/api\/v1\/calls\/[^/]+$/, operation: 'updateCall' },
];

/** The context errors report for `method url`, with the base URL's own path prefix removed. */
export function describeRequestUrl(method: string, url: string, basePath: string): RequestContext {
  const path = new URL(url).pathname;
  const relative = basePath !== '/' && path.startsWith(basePath) ? path.slice(basePath.replace(/\/$/, '').length) : path;
  const match = OPERATIONS.find((entry) => entry.method === method && entry.path.test(relative));
  return { operation: match?.operation ?? `${method} ${relative}`, method, path };
}
