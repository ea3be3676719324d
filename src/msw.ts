// @elemente/calls-api/msw: MSW request handlers for every operation of the
// contract, so that a test or a front end can mock the API in-process (msw
// is an optional peer dependency). They answer as the mock server does
// (elemente-calls-mock, which is Prism): the same checks of the request, with
// the spec's generated validators, in the same order, and the same answers:
// named examples by default, `Prefer: code=...` / `Prefer: example=...`
// honoured, and, given a store (createCallsStore), answers from state as
// `elemente-calls-mock --stateful` gives them.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { bodyValidators } from '../generated/body-validators.js';
import { examples, responseExamples, responseHeaders } from '../generated/examples.js';
import { deepObjectParameters, paramValidators } from '../generated/param-validators.js';
import type { operations } from '../generated/schema.js';
import { DEFAULT_BASE_URL } from './internal/defaults.js';
import { OPERATIONS, type OperationId } from './internal/operations.js';
import { answerFromStore, type CallsStore, queryOf } from './mock/store.js';

export type { CallsStore, CallsStoreOptions } from './mock/store.js';
export { createCallsStore } from './mock/store.js';
export type { OperationId };

type JsonBody<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : undefined;

/** One answer of `Operation`: a status it documents, with the body the contract gives that status. */
export type CallsAnswer<Operation extends OperationId> = {
  [Status in keyof operations[Operation]['responses'] & number]: {
    status: Status;
    body: JsonBody<operations[Operation]['responses'][Status]>;
    headers?: Record<string, string>;
  };
}[keyof operations[Operation]['responses'] & number];

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
  /** Replaces an operation's answer to a request the contract accepts: a fixed answer, or a function of the request. Typed by the contract. */
  answers?:
    | { [Operation in OperationId]?: CallsAnswer<Operation> | ((request: CallsRequest) => CallsAnswer<Operation> | Promise<CallsAnswer<Operation>>) }
    | undefined;
  /** Answers from this store, as `elemente-calls-mock --stateful` does; without one, every operation answers with its examples. */
  store?: CallsStore | undefined;
}

/** The Retry-After of a mocked 429 or 503, in seconds, as the mock server sends it. */
const MOCK_RETRY_AFTER_SECONDS = '1';
const REASONS: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 422: 'Unprocessable Entity' };

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string> | undefined;
}

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** The contract's error body with `message`, as the mock server answers what Prism cannot. */
const problem = (status: number, message: string | string[]): Answer => ({
  status,
  body: { statusCode: status, message: typeof message === 'string' ? [message] : message, error: REASONS[status] },
});

/**
 * The `code` and `example` preferences of a Prefer header, as Prism's parser
 * reads them: preferences separated by commas, each `name=value` (quotes
 * taken off), the first of a name kept; what follows a `;` is a parameter of
 * the preference before it, which Prism ignores.
 */
function readPrefer(header: string | null): { code?: string | true; example?: string | true } {
  const asked: { code?: string | true; example?: string | true } = {};
  for (const preference of (header ?? '').split(',')) {
    const [segment = ''] = preference.split(';');
    const index = segment.indexOf('=');
    const name = (index < 0 ? segment : segment.slice(0, index)).trim().toLowerCase();
    let value = index < 0 ? '' : segment.slice(index + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if ((name === 'code' || name === 'example') && asked[name] === undefined) asked[name] = value === '' ? true : value;
  }
  return asked;
}

/** Prism's Basic check: `Basic <token>`, one space, whose token decodes to exactly one `:` (so it refuses a password that holds one). */
function hasBasicCredentials(header: string | null): boolean {
  const [scheme = '', token = ''] = (header ?? '').split(' ');
  if (scheme.toLowerCase() !== 'basic' || token === '') return false;
  let decoded: string;
  try {
    // Lenient, as Node's Buffer decodes it: characters outside Base64 are skipped.
    const base64 = token
      .replaceAll('-', '+')
      .replaceAll('_', '/')
      .replace(/[^A-Za-z0-9+/]/g, '');
    decoded = new TextDecoder().decode(Uint8Array.from(atob(base64.slice(0, base64.length - (base64.length % 4 === 1 ? 1 : 0))), (c) => c.charCodeAt(0)));
  } catch {
    return false;
  }
  return decoded.split(':').length === 2;
}

/** An example of `status` by name (the first when none is named), with the headers the contract documents for it. */
function exampleAnswer(operation: OperationId, status: string, name: string | undefined): Answer | undefined {
  const names = own<readonly string[]>(responseExamples[operation], status) ?? [];
  const chosen = name === undefined ? names[0] : names.includes(name) ? name : undefined;
  if (chosen === undefined) return undefined;
  const headers: Record<string, string> = { ...own(responseHeaders[operation] ?? {}, status) };
  // The examples document longer waits; the mock asks for one second, as the mock server does, so that retries end quickly.
  if (status === '429' || status === '503') {
    for (const header of Object.keys(headers)) if (header.toLowerCase() === 'retry-after') delete headers[header];
    headers['retry-after'] = MOCK_RETRY_AFTER_SECONDS;
  }
  return { status: Number(status), body: structuredClone(examples[chosen as keyof typeof examples]), headers };
}

const missingExample = (name: string) => problem(404, `Response for contentType: application/json and exampleKey: ${name} does not exist.`);

/** The answer Prism picks for a request the contract accepts, given its preferences. */
function preferredAnswer(operation: OperationId, prefer: { code?: string; example?: string }): Answer {
  const success = Object.keys(responseExamples[operation]).find((status) => status.startsWith('2')) ?? '200';
  const { code, example } = prefer;
  if (code !== undefined) {
    if (!Object.hasOwn(responseExamples[operation], code)) return problem(404, `Requested status code ${code} is not defined in the document.`);
    // An example that the status does not have is looked for in the success answer instead.
    return exampleAnswer(operation, code, example) ?? exampleAnswer(operation, success, example) ?? missingExample(example ?? '');
  }
  return exampleAnswer(operation, success, example) ?? missingExample(example ?? '');
}

/** The parameters as their validator takes them: a deepObject parameter (`dateRange[from]`) gathered into an object. */
function parametersOf(operation: OperationId, query: Record<string, string | string[]>): Record<string, unknown> {
  const parameters: Record<string, unknown> = { ...query };
  for (const name of own(deepObjectParameters, operation) ?? []) {
    // Only its `name[member]` entries make a deepObject parameter; a plain `name=` is no value of it.
    delete parameters[name];
    const members = Object.entries(query).filter(([key]) => key.startsWith(`${name}[`) && key.endsWith(']'));
    if (members.length > 0) parameters[name] = Object.fromEntries(members.map(([key, value]) => [key.slice(name.length + 1, -1), value]));
  }
  return parameters;
}

/** One ajv error as the generated validators report it. */
interface ValidatorError {
  instancePath: string;
  message?: string | undefined;
  params: Record<string, unknown>;
}
type Validator = ((value: unknown) => boolean) & { errors?: ValidatorError[] | null };

/** A validator's errors in Prism's words: "Request body property status must be string", "Request query parameter hrs must be number". */
function problemsOf(validate: Validator, value: unknown, where: 'body' | 'query' | 'path'): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(({ instancePath, message = '', params }) => {
    const path = instancePath.split('/').filter(Boolean);
    // Prism names query parameters in lower case.
    const named = where === 'query' ? path.join('.').toLowerCase() : path.join('.');
    const subject = path.length === 0 ? '' : `${where === 'body' ? 'property' : 'parameter'} ${named} `;
    const allowed = Array.isArray(params.allowedValues) ? `: ${params.allowedValues.join(', ')}` : '';
    const found = 'additionalProperty' in params ? `; found '${String(params.additionalProperty)}'` : '';
    return `Request ${where} ${subject}${message}${allowed}${found}`;
  });
}

/** The problems of the request's body and parameters by the spec's generated validators, in the order Prism lists them; none when it keeps the contract. */
function contractProblems(operation: OperationId, params: Record<string, string>, query: Record<string, string | string[]>, body: unknown): string[] {
  const { path, query: queryValidator } = (paramValidators[operation] ?? { path: null, query: null }) as { path: Validator | null; query: Validator | null };
  const { body: bodyValidator, required } = (bodyValidators[operation] ?? { body: null, required: false }) as { body: Validator | null; required: boolean };
  const problems: string[] = [];
  if (body === null) {
    if (required) problems.push('Body parameter is required');
  } else if (typeof body === 'string' && bodyValidator) {
    // A body not sent as JSON, which is the only media type the contract's bodies have.
    problems.push('Supported content types: application/json');
  } else if (bodyValidator) problems.push(...problemsOf(bodyValidator, body, 'body'));
  if (queryValidator) problems.push(...problemsOf(queryValidator, parametersOf(operation, query), 'query'));
  if (path) problems.push(...problemsOf(path, { ...params }, 'path'));
  return problems;
}

/** The answer to one request, in the order the mock server decides it. */
async function answerRequest(operation: OperationId, request: Request, params: Record<string, string>, options: CallsHandlersOptions): Promise<Answer> {
  const text = await request.text();
  let body: unknown = text === '' ? null : text;
  if (text !== '' && /^application\/([\w.+-]+\+)?json\b/i.test(request.headers.get('content-type') ?? '')) {
    try {
      body = JSON.parse(text);
    } catch {
      return problem(400, 'The request body is not valid JSON');
    }
  }
  const prefer = readPrefer(request.headers.get('prefer'));
  for (const [name, value] of Object.entries(prefer)) {
    if (value === true || (name === 'code' && !/^\d{3}$/.test(value))) {
      return problem(422, `optional property "${name}"\n└─ cannot decode ${JSON.stringify(value)}, should be a ${name === 'code' ? 'number' : 'string'}`);
    }
  }
  const { code, example } = prefer as { code?: string; example?: string };
  if (!hasBasicCredentials(request.headers.get('authorization'))) return exampleAnswer(operation, '401', undefined)!;
  const query = queryOf(new URL(request.url));
  const problems = contractProblems(operation, params, query, body);
  if (problems.length > 0) {
    // Told its problems, one per line, as the 400 example promises; with an example or status asked for, the 400 answer's first example, as Prism answers.
    return code === undefined && example === undefined ? problem(400, problems) : exampleAnswer(operation, '400', undefined)!;
  }
  const override = options.answers?.[operation] as
    | CallsAnswer<OperationId>
    | ((input: CallsRequest) => CallsAnswer<OperationId> | Promise<CallsAnswer<OperationId>>)
    | undefined;
  if (typeof override === 'function') return override({ request, params });
  if (override) return override;
  if (options.store && code === undefined && example === undefined) return answerFromStore(options.store, operation, { params, query, body });
  return preferredAnswer(operation, prefer as { code?: string; example?: string });
}

/** Creates MSW handlers for every operation of the Calls API at `baseUrl`. */
export function createCallsHandlers(options: CallsHandlersOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, '');
  return (Object.keys(OPERATIONS) as OperationId[]).map((operation) => {
    const { method, path } = OPERATIONS[operation];
    const url = base + path.replace(/\{([^}]+)\}/g, ':$1');
    return http[method.toLowerCase() as Lowercase<typeof method>](url, async ({ request, params }) => {
      const answer = await answerRequest(operation, request, params as Record<string, string>, options);
      // An answer given in `answers` keeps its own headers, Retry-After included.
      const init: ResponseInit = { status: answer.status, headers: { ...answer.headers } };
      return answer.body === undefined ? new HttpResponse(null, init) : HttpResponse.json(answer.body as object, init);
    });
  });
}
