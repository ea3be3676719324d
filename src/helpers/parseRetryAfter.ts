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
  // Only dates that name a day and a time; Date.parse alone accepts "1" or "2026".
  if (!/^[A-Za-z]{3},? .*\d{2}:\d{2}:\d{2}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
