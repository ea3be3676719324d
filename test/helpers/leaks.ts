// The one leak scanner of the suite. The README promises that no error, event
// or raw result holds the credentials: not the username, the password, the
// pair or the Basic token, in any form the client knows (raw, JSON-escaped,
// percent-encoded; the token padded, unpadded or Base64url), in any letter
// case; and that a text cut short keeps no start of one, 4 characters or more.
// The forms are worked out here from the credentials, not taken from src/.
//
// The check is on every rendering a log or a support ticket may show, and it
// is strict: a start of 4 characters of a form anywhere fails, not only at the
// end of a cut text, since a scanner cannot tell where a cut ended once the
// text is rendered. Tests therefore use random-looking credentials, whose
// starts cannot occur in the client's own words, paths or stack frames.
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Credentials shorter than this are not searched for (README: they would match ordinary text by chance). */
const SHORTEST_SEARCHED = 4;
/** The shortest start of a form that counts as a leak (README: 4 characters or more). */
const SHORTEST_PREFIX = 4;
/** How deep the walk over own properties goes; inspect and JSON render what lies deeper. */
const MAX_WALK_DEPTH = 12;

export interface Credentials {
  username?: string | undefined;
  password?: string | undefined;
}

/** The text forms in which a credential must never appear. */
function textForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [secret, json, json.replaceAll('/', '\\/'), encodeURIComponent(secret)];
}

/**
 * Every form the client promises to keep out: the username, the password and
 * `username:password` (each from 4 characters on) as text, and the Basic
 * token, padded, unpadded and Base64url, raw and percent-encoded. Only the
 * secret-bearing part: never the word `Basic`, which is no secret.
 */
export function credentialForms({ username, password }: Credentials): string[] {
  const forms = new Set<string>();
  const pair = username !== undefined && password !== undefined ? `${username}:${password}` : undefined;
  for (const secret of [username, password, pair]) {
    if (secret !== undefined && secret.length >= SHORTEST_SEARCHED) for (const form of textForms(secret)) forms.add(form);
  }
  if (username !== undefined || password !== undefined) {
    const token = Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64');
    const unpadded = token.replace(/=+$/, '');
    for (const variant of [token, unpadded, unpadded.replaceAll('+', '-').replaceAll('/', '_')]) {
      forms.add(variant);
      forms.add(encodeURIComponent(variant));
    }
  }
  return [...forms];
}

/**
 * Every string a value shows when it is logged, printed or serialised:
 * String(), util.inspect (with and without hidden properties), JSON, and for
 * an error its message and stack; then the same for each own property (the
 * cause chain among them), bytes read as UTF-8 text.
 */
export function renderings(value: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number): void => {
    if (node === null || node === undefined) return;
    if (typeof node !== 'object' && typeof node !== 'function') {
      parts.push(String(node));
      return;
    }
    if (seen.has(node) || depth > MAX_WALK_DEPTH) return;
    seen.add(node);
    const attempt = (render: () => unknown) => {
      try {
        const text = render();
        if (typeof text === 'string') parts.push(text);
      } catch {
        // A hostile object may throw from any trap: what it does not render, it cannot leak.
      }
    };
    attempt(() => String(node));
    attempt(() => inspect(node, { depth: 10 }));
    attempt(() => inspect(node, { depth: 10, showHidden: true }));
    attempt(() => JSON.stringify(node));
    if (node instanceof Uint8Array) attempt(() => Buffer.from(node).toString('utf8'));
    if (node instanceof Error) {
      attempt(() => node.message);
      attempt(() => node.stack);
    }
    let keys: Array<string | symbol> = [];
    try {
      keys = Reflect.ownKeys(node);
    } catch {
      return;
    }
    for (const key of keys) {
      try {
        const descriptor = Reflect.getOwnPropertyDescriptor(node, key);
        if (descriptor && 'value' in descriptor) walk(descriptor.value, depth + 1);
      } catch {
        // As above.
      }
    }
  };
  walk(value, 0);
  return parts.join('\n');
}

/** Each form whose start (4 characters or more, any letter case) is in `text`, with the longest start found; empty is the pass. */
export function credentialLeaks(text: string, credentials: Credentials): string[] {
  const haystack = text.toLowerCase();
  const leaks: string[] = [];
  for (const form of credentialForms(credentials)) {
    const needle = form.toLowerCase();
    // Containing a longer start means containing the shorter ones: the 4-character start decides, the rest only measures.
    if (!haystack.includes(needle.slice(0, SHORTEST_PREFIX))) continue;
    let longest = SHORTEST_PREFIX;
    while (longest < needle.length && haystack.includes(needle.slice(0, longest + 1))) longest += 1;
    leaks.push(longest === needle.length ? `${JSON.stringify(form)} whole` : `${JSON.stringify(form)} up to ${longest} characters`);
  }
  return leaks;
}

/** Fails unless `text` is free of every form of the credentials and of every start of one from 4 characters on. */
export function expectNoCredential(text: string, credentials: Credentials): void {
  expect(credentialLeaks(text, credentials), text.slice(0, 2_000)).toEqual([]);
}
