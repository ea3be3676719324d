// The MSW door's checks: of its options, when the handlers are made, and of
// each request, made as Prism makes them for the server door, with the
// spec's generated validators (no Prism in a browser): the same checks, in
// the same order, worded as Prism words them. What they find is a Verdict,
// which the one answer path (respond.ts) turns into the response.
import { bodyValidators } from '../../generated/body-validators.js';
import { deepObjectParameters, paramValidators } from '../../generated/param-validators.js';
import { InvalidArgumentError } from '../errors.js';
import { DEFAULT_BASE_URL } from '../internal/defaults.js';
import { OPERATIONS, type OperationId } from '../internal/operations.js';
import { resolveFaults } from './faults.js';
import type { MockSetup, Verdict } from './respond.js';
import { errorResponse, isJsonMediaType, type Preferences } from './response.js';
import { type CallsStore, clockOf, journalOf } from './store.js';

const HANDLER_OPTIONS = ['baseUrl', 'answers', 'store', 'faults'];

/** Checks createCallsHandlers' options, throwing InvalidArgumentError for the first of the wrong shape, and reads them as the answer path takes them. */
export function checkHandlerOptions(options: unknown): { base: string; setup: MockSetup } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InvalidArgumentError('options', 'must be an object');
  for (const key of Object.keys(options))
    if (!HANDLER_OPTIONS.includes(key)) throw new InvalidArgumentError(key, `is not an option of createCallsHandlers (${HANDLER_OPTIONS.join(', ')})`);
  const { baseUrl = DEFAULT_BASE_URL, answers, store, faults } = options as { baseUrl?: unknown; answers?: unknown; store?: unknown; faults?: unknown };
  if (typeof baseUrl !== 'string' || !URL.canParse(baseUrl))
    throw new InvalidArgumentError('baseUrl', 'must be an absolute URL such as https://api.elemente.ai');
  if (answers !== undefined) {
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers))
      throw new InvalidArgumentError('answers', 'must be an object keyed by operation');
    for (const [operation, answer] of Object.entries(answers)) {
      if (!Object.hasOwn(OPERATIONS, operation))
        throw new InvalidArgumentError(`answers.${operation}`, `is not an operation (${Object.keys(OPERATIONS).join(', ')})`);
      if (typeof answer !== 'function' && typeof (answer as { status?: unknown } | null)?.status !== 'number')
        throw new InvalidArgumentError(`answers.${operation}`, 'must be { status, body, headers? } or a function of the request that returns one');
    }
  }
  let journal: MockSetup['journal'];
  let clock: MockSetup['clock'];
  if (store !== undefined) {
    try {
      journal = journalOf(store as CallsStore);
      clock = clockOf(store as CallsStore);
    } catch {
      throw new InvalidArgumentError('store', 'must be a store made by createCallsStore');
    }
  }
  const setup: MockSetup = { store: store as CallsStore | undefined, journal, clock, faults: resolveFaults(faults) };
  return { base: baseUrl.replace(/\/$/, ''), setup };
}

/**
 * The `code` and `example` preferences of a Prefer header, as Prism's parser
 * reads them: preferences separated by commas, each `name=value` (quotes
 * taken off), the first of a name kept; what follows a `;` is a parameter of
 * the preference before it, which Prism ignores. `true` stands for a name
 * given without a value.
 */
export function readPrefer(header: string | null): { code?: string | true; example?: string | true } {
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
export function hasBasicCredentials(header: string | null): boolean {
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

/** The parameters as their validator takes them: a deepObject parameter (`dateRange[from]`) gathered into an object. */
function parametersOf(operation: OperationId, query: Record<string, string | string[]>): Record<string, unknown> {
  const parameters: Record<string, unknown> = { ...query };
  const deep = Object.hasOwn(deepObjectParameters, operation) ? deepObjectParameters[operation] : undefined;
  for (const name of deep ?? []) {
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

/** A request as the MSW door reads it: its body already read as text. */
export interface RequestToCheck {
  operation: OperationId;
  headers: Headers;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  text: string;
}

/** What the MSW door makes of a request, in the order the mock server checks one: its body, its preferences, its credentials, then the contract. */
export function checkRequest(request: RequestToCheck): { verdict: Verdict; body: unknown; prefer: Preferences } {
  const { operation, headers, params, query, text } = request;
  let body: unknown = text === '' ? null : text;
  if (text !== '' && isJsonMediaType(headers.get('content-type'))) {
    try {
      body = JSON.parse(text);
    } catch {
      return { verdict: { kind: 'refused', response: errorResponse(400, 'The request body is not valid JSON') }, body, prefer: {} };
    }
  }
  const asked = readPrefer(headers.get('prefer'));
  for (const [name, value] of Object.entries(asked)) {
    if (value === true || (name === 'code' && !/^\d{3}$/.test(value))) {
      const problem = `optional property "${name}"\n└─ cannot decode ${JSON.stringify(value)}, should be a ${name === 'code' ? 'number' : 'string'}`;
      return { verdict: { kind: 'refused', response: errorResponse(422, problem) }, body, prefer: {} };
    }
  }
  const prefer = asked as Preferences;
  if (!hasBasicCredentials(headers.get('authorization'))) return { verdict: { kind: 'unauthorized' }, body, prefer };
  const problems = contractProblems(operation, params, query, body);
  return { verdict: problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'accepted' }, body, prefer };
}
