// A stateful mock's state as data: the snapshot that `store.export()` and
// `GET /_mock/state` give, that `store.import()`, `PUT /_mock/state` and a
// state file take, and the checks that keep a snapshot to the contract.

import { callChannelValues } from '../../generated/enums.js';
import type { Call, CallChannel, Message } from '../../generated/schema.js';
import { responseValidator } from '../validation.js';
import type { Life } from './life.js';

/** The format's name, written in every snapshot so that a state file is known as one. */
export const SNAPSHOT_FORMAT = 'elemente-calls-mock';

/** What the mock keeps of a call beyond the contract's fields. */
export interface CallRecord {
  /** The channel it was started on. @default 'call' */
  channel?: CallChannel | undefined;
  /** When it started (its creation, or its first message), as an RFC 3339 date-time; the `hrs` and `dateRange` filters read it. */
  startedAt?: string | undefined;
  /** The last note an update left. The contract's Call has no field for it, so only snapshots show it. */
  note?: string | undefined;
  /** While the call lives on its own (`--simulate`): what its life is drawn from. It starts at `startedAt`. */
  life?: Life | undefined;
}

/**
 * A stateful mock's state, version 1. `calls` are the calls as they are at
 * `at`, oldest first, each keeping the contract; `mock` holds, by call id,
 * what the mock keeps beside a call; `created` counts the calls the mock has
 * created, so that no id is handed out twice.
 */
export interface CallsStoreSnapshot {
  format?: typeof SNAPSHOT_FORMAT | undefined;
  version: 1;
  /** The mock's clock when the snapshot was taken, as an RFC 3339 date-time. */
  at?: string | undefined;
  created?: number | undefined;
  calls: Call[];
  mock?: Record<string, CallRecord> | undefined;
}

const CALL_FIELDS = [
  'id',
  'status',
  'agentPhone',
  'agentEmail',
  'customerPhone',
  'customerEmail',
  'agentId',
  'customerId',
  'skillId',
  'customerName',
  'transcription',
  'recordingUrl',
  'messages',
  'duration',
] as const;
// Fails to compile if the contract's Call gains or loses a field without this list.
const callFieldsListed: [Exclude<keyof Call, (typeof CALL_FIELDS)[number]>] extends [never] ? true : never = true;
void callFieldsListed;
const MESSAGE_FIELDS = ['sid', 'timestamp', 'sender', 'content', 'mediaUrl', 'status'] as const;
const messageFieldsListed: [Exclude<keyof Message, (typeof MESSAGE_FIELDS)[number]>] extends [never] ? true : never = true;
void messageFieldsListed;

/** How many problems a refused snapshot lists; the rest are counted. */
const MAX_PROBLEMS = 20;

const undeclared = (value: unknown, fields: readonly string[]): string[] =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).filter((key) => !fields.includes(key)) : [];

/**
 * The problems of `call` under the contract's Call schema, read as a strict
 * consumer reads it: a property the schema does not declare is one too, as
 * the mock's responses must hold none.
 */
export function callProblems(call: unknown): string[] {
  const problems = responseValidator('getCall', 200, call).map(({ path, message }) => `${path || '/'} ${message}`);
  for (const key of undeclared(call, CALL_FIELDS)) problems.push(`/${key} is not a property of the contract's Call`);
  const messages = (call as { messages?: unknown } | null)?.messages;
  if (Array.isArray(messages))
    messages.forEach((message, index) => {
      for (const key of undeclared(message, MESSAGE_FIELDS)) problems.push(`/messages/${index}/${key} is not a property of the contract's Message`);
    });
  return problems;
}

export const isDateTime = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));

/** The problems of a call record, in a snapshot's `mock` or a state file's change; `where` names it. */
export function recordProblems(record: unknown, where: string): string[] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return [`${where} must be an object`];
  const { channel, startedAt, note, life } = record as CallRecord;
  const problems = undeclared(record, ['channel', 'startedAt', 'note', 'life']).map((key) => `${where}.${key} is not a field of a call record`);
  if (channel !== undefined && !callChannelValues.includes(channel)) problems.push(`${where}.channel must be one of ${callChannelValues.join(', ')}`);
  if (startedAt !== undefined && !isDateTime(startedAt)) problems.push(`${where}.startedAt must be an RFC 3339 date-time`);
  if (note !== undefined && typeof note !== 'string') problems.push(`${where}.note must be a string`);
  if (life !== undefined) {
    const { seed, greeting } = (life ?? {}) as Partial<Life>;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff || typeof greeting !== 'string')
      problems.push(`${where}.life must be { seed: a whole number from 0 to 4294967295, greeting: a string }`);
    if (startedAt === undefined) problems.push(`${where}.life needs startedAt, when the life began`);
  }
  return problems;
}

/**
 * Every problem of `value` as a snapshot (the first MAX_PROBLEMS, then a
 * count); none when it keeps the format and every call keeps the contract.
 * `name` is what the caller knows it as (`snapshot`, or `calls` for a list).
 */
export function snapshotProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['a snapshot must be an object { "version": 1, "calls": [...] }'];
  const { format, version, at, created, calls, mock } = value as Partial<CallsStoreSnapshot>;
  const problems: string[] = [];
  if (format !== undefined && format !== SNAPSHOT_FORMAT) problems.push(`format must be "${SNAPSHOT_FORMAT}"`);
  if (version !== 1) problems.push('version must be 1, the only version of the format');
  for (const key of undeclared(value, ['format', 'version', 'at', 'created', 'calls', 'mock'])) problems.push(`${key} is not a field of a snapshot`);
  if (at !== undefined && !isDateTime(at)) problems.push('at must be an RFC 3339 date-time');
  if (created !== undefined && !(typeof created === 'number' && Number.isInteger(created) && created >= 0))
    problems.push('created must be a whole number, 0 or more');
  if (!Array.isArray(calls)) problems.push('calls must be a list of calls');
  else problems.push(...listProblems(calls, 'calls'));
  if (mock !== undefined) {
    if (typeof mock !== 'object' || mock === null || Array.isArray(mock)) problems.push('mock must be an object of call records by id');
    else {
      const ids = new Set(Array.isArray(calls) ? calls.map((call) => String((call as Partial<Call> | null)?.id).toLowerCase()) : []);
      for (const [id, record] of Object.entries(mock)) {
        if (!ids.has(id.toLowerCase())) problems.push(`mock["${id.slice(0, 40)}"] names no call of calls`);
        problems.push(...recordProblems(record, `mock["${id.slice(0, 40)}"]`));
      }
    }
  }
  return capped(problems);
}

/** The problems of a list of calls (the first MAX_PROBLEMS, then a count): each must keep the contract, and no id may be there twice. */
export const callListProblems = (calls: readonly unknown[], name: string): string[] => capped(listProblems(calls, name));

/** Every problem of a list of calls; ids compare without case, as the contract's UUIDs may come in either. */
function listProblems(calls: readonly unknown[], name: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  calls.forEach((call, index) => {
    for (const problem of callProblems(call)) problems.push(`${name}[${index}]${problem.startsWith('/') ? '' : ' '}${problem}`);
    const id = (call as Partial<Call> | null)?.id;
    if (typeof id === 'string') {
      if (seen.has(id.toLowerCase())) problems.push(`${name}[${index}] has the id of an earlier call, ${id}`);
      seen.add(id.toLowerCase());
    }
  });
  return problems;
}

function capped(problems: string[]): string[] {
  return problems.length <= MAX_PROBLEMS ? problems : [...problems.slice(0, MAX_PROBLEMS), `and ${problems.length - MAX_PROBLEMS} more problems`];
}
