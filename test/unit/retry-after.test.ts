// parseRetryAfter: a Retry-After value as RFC 9110 defines it (delay-seconds or an
// HTTP-date), read into milliseconds from an injected `now`.
import { describe, expect, it, vi } from 'vitest';
import { parseRetryAfter } from '../../src/internal/retry.js';

describe('parseRetryAfter', () => {
  // Wed, 21 Oct 2026 07:28:00 GMT, the RFC 9110 example moved to a fixed year.
  const now = Date.UTC(2026, 9, 21, 7, 28, 0);

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1', 1_000],
    ['007', 7_000],
    // Field values arrive trimmed from HTTP, but a caller may pass a raw one.
    [' 5 ', 5_000],
  ])('reads delay-seconds %j as %d ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('reads an HTTP date as the time from `now` until then', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:30:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:01 GMT', now)).toBe(1_000);
    expect(parseRetryAfter('Thu, 22 Oct 2026 07:28:00 GMT', now)).toBe(86_400_000);
  });

  it('gives 0 for the present and for a date in the past', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:59 GMT', now)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it('counts from Date.now() when no `now` is given', () => {
    // Only Date is faked, at a whole second: the wait is exact, whatever the real clock does.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(now);
      expect(parseRetryAfter('Wed, 21 Oct 2026 07:29:00 GMT')).toBe(60_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    '',
    '   ',
    '-1',
    '1.5',
    '1e3',
    '+5',
    '0x10',
    '١٢',
    'soon',
    'Wed, 21 Oct 2026',
    '2026-10-21T07:30:00Z',
    'Wed, 32 Oct 2026 07:30:00 GMT',
    'Wed, 21 Oct 2026 25:30:00 GMT',
    'Wed, 21 Oct 2026 07:30:00 GMT trailing',
  ])('gives undefined for the malformed value %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('gives undefined for a missing header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  // RFC 9110 section 5.6.7: a recipient MUST accept the obsolete RFC 850 form
  // too, whose day is spelled out and whose year has two digits.
  it('reads the obsolete RFC 850 date form', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-26 07:30:00 GMT', now)).toBe(120_000);
  });
});
