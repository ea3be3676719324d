// @elemente/calls-api/msw: MSW request handlers for every operation of the
// contract, so that a test or a front end can mock the API in-process (msw
// is an optional peer dependency). By default each operation answers as the
// mock server does: its first named example, the contract's 401 without Basic
// credentials, and `Prefer: code=...` / `Prefer: example=...` honoured.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { examples, responseExamples } from '../generated/examples.js';
import type { operations } from '../generated/schema.js';
import { DEFAULT_BASE_URL } from './internal/defaults.js';
import { OPERATIONS, type OperationId } from './internal/operations.js';

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
  /** Replaces an operation's answer: a fixed answer, or a function of the request. Typed by the contract. */
  answers?:
    | { [Operation in OperationId]?: CallsAnswer<Operation> | ((request: CallsRequest) => CallsAnswer<Operation> | Promise<CallsAnswer<Operation>>) }
    | undefined;
}

type ExampleName = keyof typeof examples;

/** The status and example a `Prefer` header asks for, as Prism reads it (`code=404, example=CallNotFound`). */
function readPrefer(header: string | null): { code?: string; example?: string } {
  const asked: { code?: string; example?: string } = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const [key = '', value = ''] = part.split('=').map((text) => text.trim());
    if (key === 'code' || key === 'example') asked[key] = value;
  }
  return asked;
}

/** The default answer of an operation: the status and example asked for, or the first 2xx and its first example. */
function defaultAnswer(operation: OperationId, prefer: { code?: string; example?: string }): { status: number; body: unknown } {
  const responses: Record<string, readonly string[]> = responseExamples[operation];
  const statuses = Object.keys(responses);
  const byExample = prefer.example ? statuses.find((status) => responses[status]?.includes(prefer.example!)) : undefined;
  const status =
    (prefer.code && prefer.code in responses ? prefer.code : undefined) ?? byExample ?? statuses.find((candidate) => candidate.startsWith('2')) ?? '200';
  const names = responses[status] ?? [];
  const name = (prefer.example && names.includes(prefer.example) ? prefer.example : names[0]) as ExampleName | undefined;
  return { status: Number(status), body: name === undefined ? undefined : examples[name] };
}

/** Creates MSW handlers for every operation of the Calls API at `baseUrl`. */
export function createCallsHandlers(options: CallsHandlersOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, '');
  return (Object.keys(OPERATIONS) as OperationId[]).map((operation) => {
    const { method, path } = OPERATIONS[operation];
    const url = base + path.replace(/\{([^}]+)\}/g, ':$1');
    return http[method.toLowerCase() as Lowercase<typeof method>](url, async ({ request, params }) => {
      if (!/^basic \S/i.test(request.headers.get('authorization') ?? '')) {
        const unauthorized = defaultAnswer(operation, { code: '401' });
        return HttpResponse.json(unauthorized.body as object, { status: 401, headers: { 'www-authenticate': 'Basic realm="Elemente.ai", charset="UTF-8"' } });
      }
      const override = options.answers?.[operation] as
        | CallsAnswer<OperationId>
        | ((input: CallsRequest) => CallsAnswer<OperationId> | Promise<CallsAnswer<OperationId>>)
        | undefined;
      const answer =
        typeof override === 'function'
          ? await override({ request, params: params as Record<string, string> })
          : (override ?? defaultAnswer(operation, readPrefer(request.headers.get('prefer'))));
      const headers = (answer as { headers?: Record<string, string> }).headers ?? {};
      const init: ResponseInit = { status: answer.status, headers };
      return answer.body === undefined ? new HttpResponse(null, init) : HttpResponse.json(answer.body as object, init);
    });
  });
}
