// The checks on what a caller passes, made before anything is sent. Each
// failure is an InvalidArgumentError that names the argument and never
// repeats its value, which may be a credential.
import { callChannelValues, callStatusValues } from '../../generated/enums.js';
import type { CreateCallRequest, UpdateCallRequest } from '../../generated/schema.js';
import { InvalidArgumentError } from '../errors.js';
import type { ListCallsFilters } from '../options.js';

/**
 * The one control-character rule: C0 controls and DEL are refused
 * everywhere, except HTAB, which RFC 9110 (5.5) allows inside a header value.
 * CR and LF would split a header; the others have no place in a request. The
 * same rule judges the server's reason phrase and header values.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** RFC 9110 token: the characters of a header name. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** fetch sends header values as bytes (a WebIDL ByteString): nothing above U+00FF. */
const BEYOND_BYTE = /[^\u0000-\u00ff]/;
/**
 * Request headers a caller may not set: hop-by-hop ones (RFC 9110 7.6.1),
 * and those fetch computes itself or refuses (undici fails the request, a
 * browser drops them). `authorization` comes from the client's credentials.
 */
const FORBIDDEN_HEADER = /^(authorization|connection|keep-alive|transfer-encoding|te|trailer|upgrade|expect|host|content-length|proxy-.*)$/i;
/** The contract's `format: uuid`: 8-4-4-4-12 hexadecimal digits, any version, either case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws the InvalidArgumentError for `argument`; `problem` says what is wrong, never what was passed. */
export function throwInvalid(argument: string, problem: string): never {
  throw new InvalidArgumentError(argument, problem);
}

/** Throws unless `value` is well-formed Unicode: a UTF-16 surrogate without its pair is no character, and no encoding can send it. */
function assertWellFormed(argument: string, value: string): void {
  if (!value.isWellFormed()) throwInvalid(argument, 'must be well-formed Unicode (it holds a lone surrogate)');
}

/** Throws unless `value` is a string that is well-formed Unicode and holds no control character but HTAB. */
export function assertText(argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throwInvalid(argument, 'must be a string');
  if (CONTROL_CHARACTER.test(value)) throwInvalid(argument, 'must not contain control characters such as CR or LF');
  assertWellFormed(argument, value);
}

/** Throws unless `id` is a UUID, as the contract requires of a call id. */
export function assertCallId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !UUID.test(id)) throwInvalid('id', 'must be a UUID such as 123e4567-e89b-12d3-a456-426614174000');
}

/** Throws unless `value` is a whole number from `min` to `max`. */
export function assertWholeNumber(argument: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throwInvalid(argument, `must be a whole number from ${min} to ${max}`);
  }
}

/** True for a URL hostname that can only reach this machine: `localhost` (with or without the root's dot), 127.0.0.0/8 and `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host === '[::1]' || /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host);
}

/** Throws unless `name: value` is a header a caller may send; returns the name in lower case. */
export function checkHeader(name: unknown, value: unknown): string {
  if (typeof name !== 'string' || !TOKEN.test(name)) throwInvalid('headers', 'a header name must be an RFC 9110 token');
  const argument = `headers.${name}`;
  // Of the forbidden names, only authorization starts with an "a".
  if (FORBIDDEN_HEADER.test(name)) throwInvalid(argument, /^a/i.test(name) ? 'comes from the username and password' : 'is set by fetch, or refused');
  assertText(argument, value);
  if (BEYOND_BYTE.test(value)) throwInvalid(argument, 'must hold only Latin-1 characters, as fetch sends bytes: percent-encode others');
  return name.toLowerCase();
}

/** A call's extra headers, given as an object, a `Headers` or a list of pairs, checked and copied into a plain object. */
export function checkHeaders(headers: unknown): Record<string, string> {
  const checked: Record<string, string> = {};
  if (headers === undefined) return checked;
  if (typeof headers !== 'object' || headers === null) throwInvalid('headers', 'must be an object, a Headers or [name, value] pairs');
  // A Headers or an array iterates its pairs; a plain object has its entries.
  const pairs: Iterable<unknown> = Symbol.iterator in headers ? (headers as Iterable<unknown>) : Object.entries(headers);
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) throwInvalid('headers', 'must be an object, a Headers or [name, value] pairs');
    checked[checkHeader(pair[0], pair[1])] = pair[1] as string;
  }
  return checked;
}

/** How deep a request body may nest: the deepest in the contract is 4 (a create body's agentOverride.prompt.routingConditions). */
const MAX_BODY_DEPTH = 8;

/**
 * A copy of `value` as the JSON that will be sent: every property read once,
 * undefined ones dropped, and anything JSON cannot carry refused. The copy
 * is both what the checks look at and what is sent, so a getter, a `toJSON`
 * or a later change to the caller's object cannot make them differ.
 */
export function copyJson(value: unknown, argument: string, depth = 0): unknown {
  if (typeof value === 'string') {
    assertWellFormed(argument, value);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throwInvalid(argument, 'must be a finite number');
    return value;
  }
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value !== 'object') throwInvalid(argument, `must be JSON data, not ${typeof value}`);
  if (depth >= MAX_BODY_DEPTH) throwInvalid(argument, `nests deeper than ${MAX_BODY_DEPTH} levels`);
  if (Array.isArray(value)) return Array.from(value, (item, index) => copyJson(item, `${argument}[${index}]`, depth + 1));
  // A plain object, from this realm or another: its prototype is an Object.prototype, or it has none.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) throwInvalid(argument, 'must be a plain object');
  // No prototype, so that a "__proto__" key stays a key.
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[key] = copyJson(item, `${argument}.${key}`, depth + 1);
  }
  return copy;
}

/** The body as a record with only `allowed` keys, or an InvalidArgumentError that says which are allowed. */
function checkFields(value: unknown, argument: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throwInvalid(argument, `must be an object with ${allowed.join(', ')}`);
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0)
    throwInvalid(argument, `has unknown field(s) ${unknown.map((key) => JSON.stringify(key.slice(0, 40))).join(', ')}; allowed: ${allowed.join(', ')}`);
  return value as Record<string, unknown>;
}

const UPDATE_CALL_FIELDS = ['agentId', 'status', 'note'] as const;
// Fails to compile if the contract's UpdateCallRequest gains or loses a field without this list.
const updateFieldsListed: [Exclude<keyof UpdateCallRequest, (typeof UPDATE_CALL_FIELDS)[number]>] extends [never] ? true : never = true;
void updateFieldsListed;

/**
 * Throws unless `value` is one of `allowed`, naming them. The one rule for an
 * enum in what is sent, a body or a filter: a value outside it is refused
 * before sending. The client is built from one version of the contract, and
 * a server of that version refuses any other value with 400, so sending it
 * would only cost a round trip and give a less precise error. A value the API
 * adds comes with a new version of the contract, and of this package. What
 * the client reads is not held to the enums (answers are checked only with
 * validateResponses).
 */
function assertOneOf(argument: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) throwInvalid(argument, `must be one of ${allowed.join(', ')}`);
}

/**
 * The update body to send: a plain object with at least one of its fields,
 * no other key, string values, and a `status` of CallStatus (assertOneOf
 * says why). Whether `agentId` holds an id the server accepts is the
 * server's to judge.
 */
export function checkUpdateBody(body: unknown): UpdateCallRequest {
  const fields = checkFields(copyJson(body, 'body'), 'body', UPDATE_CALL_FIELDS);
  const keys = Object.keys(fields);
  if (keys.length === 0) throwInvalid('body', `must contain at least one of ${UPDATE_CALL_FIELDS.join(', ')}`);
  for (const key of keys) if (typeof fields[key] !== 'string') throwInvalid(`body.${key}`, 'must be a string');
  if (fields.status !== undefined) assertOneOf('body.status', fields.status, callStatusValues);
  return fields as UpdateCallRequest;
}

const FILTERS = ['status', 'channel', 'hrs', 'dateRange', 'sanitised'] as const;
// Fails to compile if the contract's listCalls filters change without this list.
const filtersListed: [Exclude<keyof ListCallsFilters, (typeof FILTERS)[number]>] extends [never] ? true : never = true;
void filtersListed;

/** Throws unless `value` is an RFC 3339 full-date (`YYYY-MM-DD`) that names a day of the calendar. */
function assertDate(argument: string, value: unknown): void {
  // An impossible date (2023-02-29, 2022-13-01) parses to NaN, or to another day once printed.
  const time = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(time) || !new Date(time).toISOString().startsWith(value as string)) {
    throwInvalid(argument, 'must be a date such as 2025-03-31 (YYYY-MM-DD)');
  }
}

/**
 * The query string of listCalls for `filters` (empty for none): each filter
 * checked against the contract, `dateRange` sent as `dateRange[from]=...`
 * (deepObject), in a fixed order.
 */
export function encodeListFilters(filters: unknown): string {
  if (filters === undefined) return '';
  const { status, channel, hrs, dateRange, sanitised } = checkFields(copyJson(filters, 'filters'), 'filters', FILTERS);
  const query: string[] = [];
  const add = (name: string, value: unknown) => query.push(`${name}=${encodeURIComponent(String(value))}`);
  if (status !== undefined) {
    assertOneOf('filters.status', status, callStatusValues);
    add('status', status);
  }
  if (channel !== undefined) {
    assertOneOf('filters.channel', channel, callChannelValues);
    add('channel', channel);
  }
  if (hrs !== undefined) {
    if (typeof hrs !== 'number' || hrs < 0) throwInvalid('filters.hrs', 'must be a number of hours, 0 or more');
    add('hrs', hrs);
  }
  if (dateRange !== undefined) {
    const { from, to } = checkFields(dateRange, 'filters.dateRange', ['from', 'to']);
    if (from !== undefined) assertDate('filters.dateRange.from', from);
    if (to !== undefined) assertDate('filters.dateRange.to', to);
    // Full dates compare as strings.
    if (from !== undefined && to !== undefined && (from as string) > (to as string))
      throwInvalid('filters.dateRange', 'must not end before it starts (from is after to)');
    if (from !== undefined) add('dateRange[from]', from);
    if (to !== undefined) add('dateRange[to]', to);
  }
  if (sanitised !== undefined) {
    assertText('filters.sanitised', sanitised);
    add('sanitised', sanitised);
  }
  return query.length > 0 ? `?${query.join('&')}` : '';
}

const CREATE_CALL_FIELDS = ['agentId', 'channel', 'skillId', 'customerOverride', 'agentOverride', 'customerName', 'customerPhone', 'customerEmail'] as const;
// Fails to compile if the contract's CreateCallRequest gains or loses a named field without this list.
const createFieldsListed: [Exclude<keyof CreateCallRequest, (typeof CREATE_CALL_FIELDS)[number]>] extends [never] ? true : never = true;
void createFieldsListed;

/**
 * The create body to send: the fields the contract names and no other key
 * (its object is open only because the published list is cut off; a field
 * it does not name goes through the raw client). Only what both published
 * versions of the page require is checked here (agentId, skillId, and
 * channel among its five values); the rest, inferred, is the server's to judge.
 */
export function checkCreateBody(body: unknown): CreateCallRequest {
  const fields = checkFields(copyJson(body, 'body'), 'body', CREATE_CALL_FIELDS);
  const { agentId, skillId, channel } = fields;
  if (typeof agentId !== 'string') throwInvalid('body.agentId', 'is required, a string');
  if (typeof skillId !== 'string') throwInvalid('body.skillId', 'is required, a string');
  assertOneOf('body.channel', channel, callChannelValues);
  return fields as CreateCallRequest;
}
