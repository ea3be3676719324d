// The suite's leak scanner (test/helpers/leaks.ts) must be able to fail: each
// form and each rendering it promises to look at is shown to be found here,
// so that a clean verdict in the leak tests means something.
import { describe, expect, it } from 'vitest';
import { credentialForms, credentialLeaks, expectNoCredential, renderings } from '../helpers/leaks.js';

const CREDENTIALS = { username: 'k9Vz-Qm2t', password: 'Xw7/+Lp3=r' };
const TOKEN = Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64');

describe('credentialLeaks', () => {
  it('finds each credential, the pair and the token whole, in any letter case', () => {
    for (const text of [CREDENTIALS.username, CREDENTIALS.password.toUpperCase(), `${CREDENTIALS.username}:${CREDENTIALS.password}`, `Basic ${TOKEN}`]) {
      expect(credentialLeaks(`said: ${text}.`, CREDENTIALS), text).not.toEqual([]);
    }
  });

  it('finds the token unpadded, in Base64url and percent-encoded, and the password JSON-escaped and percent-encoded', () => {
    const unpadded = TOKEN.replace(/=+$/, '');
    for (const text of [
      unpadded,
      unpadded.replaceAll('+', '-').replaceAll('/', '_'),
      encodeURIComponent(TOKEN),
      encodeURIComponent(CREDENTIALS.password),
      JSON.stringify(CREDENTIALS.password).slice(1, -1).replaceAll('/', '\\/'),
    ]) {
      expect(credentialLeaks(`said: ${text}`, CREDENTIALS), text).not.toEqual([]);
    }
  });

  it('finds a start of 4 characters or more of any form, and says how long it is', () => {
    expect(credentialLeaks(`cut at ${TOKEN.slice(0, 4)}`, CREDENTIALS)).toContain(`${JSON.stringify(TOKEN)} up to 4 of ${TOKEN.length} characters`);
    expect(credentialLeaks(`cut at ${CREDENTIALS.password.slice(0, 7)} and more`, CREDENTIALS)).toContain(
      `${JSON.stringify(CREDENTIALS.password)} up to 7 of ${CREDENTIALS.password.length} characters`,
    );
  });

  it('passes a start of 3 characters, the word Basic, and a credential too short to be searched for', () => {
    expect(credentialLeaks(`Basic ${TOKEN.slice(0, 3)} ${CREDENTIALS.password.slice(0, 3)} [redacted]`, CREDENTIALS)).toEqual([]);
    expect(credentialForms({ username: 'abc', password: 'Q7z' })).not.toContain('abc');
  });

  it('fails the test through expectNoCredential', () => {
    expect(() => expectNoCredential(`x ${CREDENTIALS.password}`, CREDENTIALS)).toThrow();
    expect(() => expectNoCredential('nothing here', CREDENTIALS)).not.toThrow();
  });
});

describe('renderings', () => {
  it('shows the message, the stack, the cause chain, hidden own properties and bytes', () => {
    const error = new Error('outer', { cause: new Error('inner', { cause: { deep: 'in a plain cause' } }) });
    Object.defineProperty(error, 'hidden', { value: 'not enumerable', enumerable: false });
    Object.assign(error, { bytes: Buffer.from('as bytes') });
    const text = renderings(error);
    for (const part of ['outer', 'inner', 'in a plain cause', 'not enumerable', 'as bytes', 'at ']) expect(text, part).toContain(part);
  });

  it('renders what it can of a value whose traps throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(() => renderings(new Error('kept', { cause: hostile }))).not.toThrow();
    expect(renderings(new Error('kept', { cause: hostile }))).toContain('kept');
  });
});
