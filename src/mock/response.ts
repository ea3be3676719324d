// What the mock sends, as both doors send it: one response type, the
// contract's error body, the named examples a request can ask for with
// `Prefer`, and the mock's Retry-After. The server door serializes a
// MockResponse with node:http, the MSW door with HttpResponse.
import { examples, responseExamples, responseHeaders } from '../../generated/examples.js';
import type { OperationId } from '../internal/operations.js';

/** One response of the mock: a status, a JSON body (undefined for none) and headers. */
export interface MockResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The Retry-After of a mocked 429 or 503, in seconds. The contract's
 * examples document 30; a client that honours the header (this package's
 * does) then waits one second, so that retries against the mock end quickly.
 */
export const MOCK_RETRY_AFTER_SECONDS = 1;

/** The reason phrases of the statuses the mock answers with an error body of its own, as Node's http module words them. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The contract's error body (ErrorResponse) for `status`: its messages, and the status's reason phrase as `error`. */
export function errorResponse(status: number, message: string | readonly string[], headers: Record<string, string> = {}): MockResponse {
  return {
    status,
    body: { statusCode: status, message: typeof message === 'string' ? [message] : [...message], error: REASONS[status] ?? 'Error' },
    headers: { ...headers, 'content-type': 'application/json' },
  };
}

/** True for a JSON media type (`application/json`, `application/problem+json`), with or without parameters. */
export const isJsonMediaType = (contentType: string | null | undefined): boolean => /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? '');

/** `response` with the mock's Retry-After in place of any other, when it is a 429 or a 503. */
export function withMockRetryAfter(response: MockResponse): MockResponse {
  if (response.status !== 429 && response.status !== 503) return response;
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => name.toLowerCase() !== 'retry-after'));
  return { ...response, headers: { ...headers, 'retry-after': String(MOCK_RETRY_AFTER_SECONDS) } };
}

/** What a request asks of the mock in its `Prefer` header: a status, a named example, or generated data (the server door only). */
export interface Preferences {
  code?: string | undefined;
  example?: string | undefined;
  dynamic?: boolean | undefined;
}

/** True when the request asks for a particular answer, which then comes from the examples (or Prism's generator), never from state. */
export const asksForAnswer = (prefer: Preferences): boolean => prefer.code !== undefined || prefer.example !== undefined || prefer.dynamic === true;

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** The example of `status` named `name` (the first when none is named), with the headers the contract documents for it; undefined when there is none. */
export function exampleResponse(operation: OperationId, status: string, name?: string): MockResponse | undefined {
  const names = own<readonly string[]>(responseExamples[operation], status) ?? [];
  const chosen = name === undefined ? names[0] : names.includes(name) ? name : undefined;
  if (chosen === undefined) return undefined;
  const headers: Record<string, string> = { ...own(responseHeaders[operation] ?? {}, status), 'content-type': 'application/json' };
  return { status: Number(status), body: structuredClone(examples[chosen as keyof typeof examples]), headers };
}

/** An example that `exampleResponse` knows to exist: the 401 and 400 answers every operation documents. */
export const documentedExample = (operation: OperationId, status: string): MockResponse => exampleResponse(operation, status)!;

/**
 * The answer Prism picks for a request the contract accepts, given its
 * preferences: the first example of the success status by default; a
 * status asked for with `code`; an example asked for with `example`, looked
 * for in the status asked for, then in the success status. What it cannot
 * find is a 404 worded as Prism words it.
 */
export function preferredResponse(operation: OperationId, prefer: Preferences): MockResponse {
  const success = Object.keys(responseExamples[operation]).find((status) => status.startsWith('2')) ?? '200';
  const { code, example } = prefer;
  const missing = () => errorResponse(404, `Response for contentType: application/json and exampleKey: ${example ?? ''} does not exist.`);
  if (code !== undefined) {
    if (!Object.hasOwn(responseExamples[operation], code)) return errorResponse(404, `Requested status code ${code} is not defined in the document.`);
    return exampleResponse(operation, code, example) ?? exampleResponse(operation, success, example) ?? missing();
  }
  return exampleResponse(operation, success, example) ?? missing();
}
