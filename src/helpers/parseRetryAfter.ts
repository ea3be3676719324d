/**
 * The wait a `Retry-After` header asks for, in milliseconds: either a number
 * of seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`),
 * counted from `now`. A date in the past is 0. Returns undefined for a
 * missing or malformed header.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only dates that name a day and a time, in any of the three forms RFC 9110
  // (5.6.7) makes a recipient accept: IMF-fixdate, RFC 850 and asctime.
  // Date.parse alone accepts "1" or "2026".
  if (!/^[A-Za-z]{3,9},? .*\d{2}:\d{2}:\d{2}/.test(text)) return undefined;
  // asctime names no zone, and Date.parse would read it as local time; HTTP dates are GMT.
  const at = Date.parse(/\b(GMT|UTC)\b/.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
