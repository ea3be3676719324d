// The validation proxy's report (scripts/lib/proxy-report.ts) and its
// upstream check: how Prism's violations, headers and log lines become the
// lines a user reads. No process: the proxy itself runs in
// test/contract/proxy.process.test.ts.
import { describe, expect, it } from 'vitest';
import { describeViolation, formatExchange, parseViolations, prismProblem, readPrismLog, type Violation } from '../../scripts/lib/proxy-report.js';
import { parseUpstream } from '../../scripts/proxy.js';

describe('proxy helpers', () => {
  const duration: Violation = {
    location: ['response', 'body', 'duration'],
    severity: 'Error',
    code: 'type',
    message: 'Response body property duration must be integer',
  };

  it('keeps only what the message adds to the location', () => {
    expect(describeViolation(duration)).toBe('response.body.duration: must be integer');
    expect(describeViolation({ location: ['request', 'path', 'id'], severity: 'Error', message: 'Request path parameter id must match format "uuid"' })).toBe(
      'request.path.id: must match format "uuid"',
    );
    expect(describeViolation({ location: ['response', 'body'], severity: 'Error', message: 'Response body must be object' })).toBe(
      'response.body: must be object',
    );
    expect(describeViolation({ location: ['request'], severity: 'Error', code: 401, message: 'Invalid security scheme used' })).toBe(
      'request: Invalid security scheme used',
    );
    expect(describeViolation({ location: ['response'], severity: 'Warning', message: 'Unable to match the returned status code' })).toBe(
      'response: Unable to match the returned status code (warning)',
    );
  });

  it('reads the sl-violations header, a list Prism cut short included', () => {
    const entry = JSON.stringify(duration);
    expect(parseViolations(undefined)).toEqual({ violations: [], complete: true });
    expect(parseViolations(`[${entry}]`)).toEqual({ violations: [duration], complete: true });
    expect(parseViolations(`Too many violations! [${entry},${entry},{"location":["resp`)).toEqual({ violations: [duration, duration], complete: false });
    expect(parseViolations('not json')).toEqual({ violations: [], complete: false });
  });

  it('formats one summary line, then one line per violation', () => {
    const exchange = { method: 'GET', path: '/api/v1/calls/x', status: 200, complete: true };
    expect(formatExchange({ ...exchange, violations: [] })).toBe('GET /api/v1/calls/x -> 200: keeps the contract');
    expect(formatExchange({ ...exchange, violations: [duration] })).toBe(
      'GET /api/v1/calls/x -> 200: 1 contract violation\n    response.body.duration: must be integer',
    );
    expect(formatExchange({ ...exchange, status: 418, violations: [{ location: ['response'], severity: 'Warning', message: 'odd status' }] })).toMatch(
      /-> 418: 1 warning\n/,
    );
    expect(formatExchange({ ...exchange, status: 500, violations: [], notChecked: 'Prism answered instead of the API: down' })).toBe(
      'GET /api/v1/calls/x -> 500: not checked, Prism answered instead of the API: down',
    );
  });

  it("tells Prism's own errors from the API's answers", () => {
    expect(prismProblem('application/problem+json', '{"type":"FetchError","title":"request failed","status":500}')).toBe('request failed');
    expect(prismProblem('application/problem+json', '{"type":"https://stoplight.io/prism/errors#UNAUTHORIZED","title":"Invalid security scheme used"}')).toBe(
      'Invalid security scheme used',
    );
    expect(prismProblem('application/problem+json', '{"type":"https://api.example.com/problems/x","title":"API problem"}')).toBeUndefined();
    expect(prismProblem('application/json', '{"type":"FetchError","title":"x"}')).toBeUndefined();
  });

  it("reads Prism's log: violations are skipped, an upstream 501 is flagged", () => {
    expect(
      readPrismLog('[7:23:22 PM] ›     [VALIDATOR] ✖  error     Violation: response.body.duration Response body property duration must be integer'),
    ).toBeUndefined();
    expect(readPrismLog('[7:23:22 PM] ›     [PROXY] ⚠  warning   Upstream call to /api/v1/calls/x has returned 501')).toEqual({ remocked: '/api/v1/calls/x' });
    expect(readPrismLog('[7:23:22 PM] › [CLI] ✖  fatal')).toEqual({ notice: 'prism fatal: (no message)' });
    expect(readPrismLog('[7:23:22 PM] › [CLI] …  awaiting  Starting Prism…')).toBeUndefined();
  });

  it('accepts an absolute http(s) upstream only', () => {
    expect(parseUpstream('https://api.elemente.ai').href).toBe('https://api.elemente.ai/');
    expect(() => parseUpstream('https://user:pass@api.elemente.ai')).toThrow(/credentials/);
    expect(() => parseUpstream('https://api.elemente.ai/?x=1')).toThrow(/query/);
  });
});
