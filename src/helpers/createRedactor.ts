/** What stands in for a credential found in text the server sent back. */
export const REDACTED = '[redacted]';

/**
 * Passwords shorter than this are not searched for in server text: a
 * one- or two-character password would match by chance, and replacing every
 * match would garble the text and reveal the password by its gaps. The
 * Base64 token is always searched for.
 */
const MIN_REDACTED_PASSWORD_LENGTH = 4;

/**
 * Returns a function that replaces the given credentials wherever they occur
 * in a value from the server: a string, or the strings inside parsed JSON. A
 * server or proxy that echoes request headers into an error body would
 * otherwise put the credentials into the error.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined>): <T>(value: T) => T {
  const needles = secrets.filter((secret): secret is string => secret !== undefined && secret.length >= MIN_REDACTED_PASSWORD_LENGTH);
  if (needles.length === 0) return (value) => value;
  // Longest first, so a token is replaced whole before a password inside it.
  needles.sort((a, b) => b.length - a.length);
  const redactText = (text: string) => needles.reduce((result, needle) => result.split(needle).join(REDACTED), text);
  const redact = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value);
    // An all-digit password echoed as a JSON number would otherwise come back as text later.
    if (typeof value === 'number' || typeof value === 'bigint') return redactText(String(value)) === String(value) ? value : REDACTED;
    if (Array.isArray(value)) return value.map(redact);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key), redact(item)]));
    }
    return value;
  };
  return redact as <T>(value: T) => T;
}
