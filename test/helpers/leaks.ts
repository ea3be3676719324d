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

/** How a secret is spelled where it may appear: as is, in a JSON string (with `/` escaped or not), percent-encoded. */
type Spelling = (text: string) => string;
const AS_IS: Spelling = (text) => text;
const JSON_ESCAPED: Spelling = (text) => JSON.stringify(text).slice(1, -1);
const JSON_SLASH_ESCAPED: Spelling = (text) => JSON_ESCAPED(text).replaceAll('/', '\\/');
const PERCENT_ENCODED: Spelling = (text) => encodeURIComponent(text);

/** A secret and the spellings in which neither it nor a start of it may appear. */
interface Secret {
  /** Split into code points, so that a start never ends inside a surrogate pair. */
  characters: string[];
  spellings: Spelling[];
  /** The shortest start that counts: SHORTEST_PREFIX, or more where a shorter start is another secret's business. */
  shortest: number;
}

/**
 * The secrets the client promises to keep out: the username, the password
 * and `username:password` (each from 4 characters on) in every text
 * spelling, and the Basic token, padded, unpadded and Base64url, as is and
 * percent-encoded. Only the secret-bearing part: never the word `Basic`,
 * which is no secret.
 */
function secretsOf({ username, password }: Credentials): Secret[] {
  const secrets: Secret[] = [];
  const pair = username !== undefined && password !== undefined ? `${username}:${password}` : undefined;
  const text = [AS_IS, JSON_ESCAPED, JSON_SLASH_ESCAPED, PERCENT_ENCODED];
  for (const secret of [username, password]) {
    if (secret !== undefined && [...secret].length >= SHORTEST_SEARCHED) secrets.push({ characters: [...secret], spellings: text, shortest: SHORTEST_PREFIX });
  }
  // A start of the pair counts once it holds a character of the password: up to the colon it is the username,
  // checked on its own, or too short to be searched for (and then it may appear, followed by any colon).
  if (pair !== undefined && [...pair].length >= SHORTEST_SEARCHED) {
    secrets.push({ characters: [...pair], spellings: text, shortest: Math.max(SHORTEST_PREFIX, [...(username ?? '')].length + 2) });
  }
  if (username !== undefined || password !== undefined) {
    const token = Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64');
    const unpadded = token.replace(/=+$/, '');
    for (const variant of new Set([token, unpadded, unpadded.replaceAll('+', '-').replaceAll('/', '_')])) {
      secrets.push({ characters: [...variant], spellings: [AS_IS, PERCENT_ENCODED], shortest: SHORTEST_PREFIX });
    }
  }
  return secrets;
}

/** Every secret in every spelling, whole: what a test may echo from the server. */
export function credentialForms(credentials: Credentials): string[] {
  return [...new Set(secretsOf(credentials).flatMap(({ characters, spellings }) => spellings.map((spell) => spell(characters.join('')))))];
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

/**
 * Each secret whose start, its first 4 characters or more, is in `text` in
 * some spelling (any letter case), with the longest start found; empty is
 * the pass. A start is counted in the secret's own characters, so that an
 * escape (`\t`, `%20`) does not make a shorter start look like a longer one.
 */
export function credentialLeaks(text: string, credentials: Credentials): string[] {
  const haystack = text.toLowerCase();
  const leaks: string[] = [];
  for (const { characters, spellings, shortest } of secretsOf(credentials)) {
    if (shortest > characters.length) continue;
    for (const spell of spellings) {
      const start = (count: number) => spell(characters.slice(0, count).join('')).toLowerCase();
      // Holding a longer start means holding the shorter ones: the shortest decides, the rest only measures.
      if (!haystack.includes(start(shortest))) continue;
      let longest = shortest;
      while (longest < characters.length && haystack.includes(start(longest + 1))) longest += 1;
      const form = JSON.stringify(spell(characters.join('')));
      leaks.push(longest === characters.length ? `${form} whole` : `${form} up to ${longest} of ${characters.length} characters`);
    }
  }
  return leaks;
}

/** Fails unless `text` is free of every form of the credentials and of every start of one from 4 characters on. */
export function expectNoCredential(text: string, credentials: Credentials): void {
  expect(credentialLeaks(text, credentials), text.slice(0, 2_000)).toEqual([]);
}
