// The README's retry rules as a table over retryDelay, the one function that
// decides: no server, no clock (the jitter and "now" are injected).
import { describe, expect, it } from 'vitest';
import { ConnectionError, TimeoutError } from '../../src/errors.js';
import { INITIAL_RETRY_DELAY_MS, MAX_RETRY_AFTER_MS } from '../../src/internal/defaults.js';
import { type AttemptEnd, mayHaveReachedServer, retryDelay } from '../../src/internal/retry.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
/** random() of 0 takes no jitter off: the backoff before the first retry is exactly INITIAL_RETRY_DELAY_MS. */
const policy = { maxRetries: 2, random: () => 0, now: NOW };

const context = { operation: 'getCall', method: 'GET', path: '/api/v1/calls/x' };
const status = (code: number, retryAfter?: string): AttemptEnd => ({
  status: code,
  headers: new Headers(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
});
const timeout: AttemptEnd = new TimeoutError(context, 1000);
const connection = (code: string | undefined): AttemptEnd => new ConnectionError(context, 'failed', code);

/** The wait after attempt `attempt` of `method`, with mayHaveReachedServer as the transport derives it. */
const decide = (answer: AttemptEnd, method: string, attempt = 1) => retryDelay(attempt, answer, method, mayHaveReachedServer(answer), policy);

describe('retryDelay: what is sent again', () => {
  const retryable = [408, 429, 502, 503, 504];
  const final = [200, 201, 204, 301, 400, 401, 404, 409, 421, 422, 500, 501, 505];

  it.each(['GET', 'PUT'].flatMap((method) => retryable.map((code) => [method, code] as const)))('%s after %i: again, after the backoff', (method, code) => {
    expect(decide(status(code), method)).toBe(INITIAL_RETRY_DELAY_MS);
  });

  it.each(['GET', 'PUT', 'POST'].flatMap((method) => final.map((code) => [method, code] as const)))('%s after %i: never', (method, code) => {
    expect(decide(status(code), method)).toBeUndefined();
  });

  it.each([
    ['a timeout', timeout],
    ['a reset', connection('ECONNRESET')],
    ['a refused connection', connection('ECONNREFUSED')],
    ['a failed DNS lookup', connection('ENOTFOUND')],
    ['a failure without a code', connection(undefined)],
  ])('GET and PUT after %s: again', (_name, answer) => {
    expect(decide(answer, 'GET')).toBe(INITIAL_RETRY_DELAY_MS);
    expect(decide(answer, 'PUT')).toBe(INITIAL_RETRY_DELAY_MS);
  });

  it.each([
    ['a refused connection', connection('ECONNREFUSED'), INITIAL_RETRY_DELAY_MS],
    ['a failed DNS lookup', connection('ENOTFOUND'), INITIAL_RETRY_DELAY_MS],
    ['a DNS lookup to try again', connection('EAI_AGAIN'), INITIAL_RETRY_DELAY_MS],
    ['a 429', status(429), INITIAL_RETRY_DELAY_MS],
    ['a timeout', timeout, undefined],
    ['a reset', connection('ECONNRESET'), undefined],
    ['a failure without a code', connection(undefined), undefined],
    ['a 408', status(408), undefined],
    ['a 502', status(502), undefined],
    ['a 503', status(503), undefined],
    ['a 504', status(504), undefined],
  ])('a create (POST) after %s: %s', (_name, answer, expected) => {
    expect(decide(answer, 'POST')).toBe(expected);
  });
});

describe('retryDelay: how often and how long', () => {
  it('allows maxRetries retries after the first attempt, and no more', () => {
    expect(decide(status(503), 'GET', 2)).toBe(2 * INITIAL_RETRY_DELAY_MS);
    expect(decide(status(503), 'GET', 3)).toBeUndefined();
    expect(retryDelay(1, status(503), 'GET', true, { ...policy, maxRetries: 0 })).toBeUndefined();
  });

  it('waits as long as Retry-After asks, in seconds or as an HTTP date, instead of the backoff', () => {
    expect(decide(status(429, '3'), 'GET')).toBe(3000);
    expect(decide(status(503, new Date(NOW + 7000).toUTCString()), 'GET')).toBe(7000);
    expect(decide(status(429, '0'), 'POST')).toBe(0);
  });

  it(`does not wait for a Retry-After over ${MAX_RETRY_AFTER_MS / 1000} s: the answer goes back to the caller`, () => {
    expect(decide(status(429, String(MAX_RETRY_AFTER_MS / 1000)), 'GET')).toBe(MAX_RETRY_AFTER_MS);
    expect(decide(status(429, String(MAX_RETRY_AFTER_MS / 1000 + 1)), 'GET')).toBeUndefined();
  });

  it('ignores a malformed Retry-After and backs off instead', () => {
    expect(decide(status(503, 'soon'), 'GET')).toBe(INITIAL_RETRY_DELAY_MS);
  });
});

describe('mayHaveReachedServer', () => {
  it.each([
    [connection('ECONNREFUSED'), false],
    [connection('ENOTFOUND'), false],
    [connection('EAI_AGAIN'), false],
    [connection('ECONNRESET'), true],
    [connection(undefined), true],
    [timeout, true],
    [status(503), true],
  ])('%s: %s', (answer, expected) => {
    expect(mayHaveReachedServer(answer)).toBe(expected);
  });
});
