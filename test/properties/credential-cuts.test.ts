// A credential cut short is still a credential: wherever the client keeps
// server text, an end of it that starts a credential (4 characters or more,
// in any form the client knows) is blanked, whether the client cut the text
// or the server sent it short. Checked at every cut offset, through the
// redactor and end to end through a loopback server.
import { describe, expect, it } from 'vitest';
import { createCallsClient, ElementeError } from '../../src/index.js';
import { createRedactor } from '../../src/internal/redact.js';
import { createRawClient } from '../../src/raw.js';
import { CALL_ID } from '../helpers/contract.js';
import { useFaultServer } from '../helpers/fault-server.js';
import { credentialLeaks, renderings } from '../helpers/leaks.js';
import { refusal } from '../helpers/refusals.js';

const USERNAME = 'u-QVX7c1k9';
const PASSWORD = 'p-Zr84/w+Jm3';
const PAIR = `${USERNAME}:${PASSWORD}`;
const TOKEN = Buffer.from(PAIR).toString('base64');

/** Forms the client promises to find (raw, JSON-escaped, percent-encoded; the token padded and unpadded), each cut at every length here. */
const FORMS = [
  USERNAME,
  PASSWORD,
  PAIR,
  TOKEN,
  TOKEN.replace(/=+$/, ''),
  encodeURIComponent(PASSWORD),
  encodeURIComponent(PAIR),
  JSON.stringify(PASSWORD).slice(1, -1),
];

const CREDENTIALS = { username: USERNAME, password: PASSWORD };

describe('the redactor, at every cut of every form', () => {
  const redact = createRedactor({ username: USERNAME, password: PASSWORD, token: TOKEN });
  for (const form of FORMS)
    it(`blanks "${form.slice(0, 6)}…" cut anywhere from 4 characters on, and keeps the text before it`, () => {
      for (let cut = 4; cut <= form.length; cut += 1) {
        const kept = `the server said: ${form.slice(0, cut)}`;
        const clean = redact(kept);
        expect(credentialLeaks(clean, CREDENTIALS), `cut at ${cut}`).toEqual([]);
        expect(clean.startsWith('the server said: '), `cut at ${cut}`).toBe(true);
      }
    });

  it('leaves a text that ends with fewer than 4 characters of a credential, and ordinary text, as it was', () => {
    expect(redact(`ends with ${PASSWORD.slice(0, 3)}`)).toBe(`ends with ${PASSWORD.slice(0, 3)}`);
    expect(redact('nothing secret here')).toBe('nothing secret here');
  });

  it('finds a credential in any letter case, and a 1 MB credential without a regular expression', () => {
    expect(redact(`x ${PAIR.toUpperCase()} y`)).toBe('x [redacted] y');
    const long = 'k'.repeat(1_000_000);
    const big = createRedactor({ password: long });
    expect(big(`a ${long} b`)).toBe('a [redacted] b');
  });
});

describe('a credential the server echoes cut short, end to end', () => {
  const server = useFaultServer();

  const client = () => createCallsClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });

  it('in a body that ends mid-token, declared longer than it is, at every offset', async () => {
    const echo = `Basic ${TOKEN}`;
    for (let cut = 10; cut <= echo.length; cut += 1) {
      server.script((_request, response, socket) => {
        const body = `{"statusCode":414,"message":"you sent ${echo.slice(0, cut)}`;
        response.writeHead(414, { 'content-type': 'application/json', 'content-length': String(body.length + 40) });
        // The rest never comes: the connection closes after what was sent.
        response.write(body, () => socket.end());
      });
      const error = await client()
        .getCall(CALL_ID)
        .catch((caught: unknown) => caught);
      expect(error, `cut at ${cut}`).toBeInstanceOf(ElementeError);
      expect(credentialLeaks(renderings(error), CREDENTIALS), `cut at ${cut}`).toEqual([]);
    }
  });

  it('in a reason phrase and a request id cut at every offset', async () => {
    for (let cut = 4; cut <= TOKEN.length; cut += 1) {
      server.script((_request, response) => {
        response.writeHead(503, `Busy ${TOKEN.slice(0, cut)}`, { 'content-type': 'application/json', 'x-request-id': `req-${PASSWORD.slice(0, cut)}` });
        response.end('{"statusCode":503,"message":"busy"}');
      });
      const error = await client()
        .getCall(CALL_ID)
        .catch((caught: unknown) => caught);
      expect(credentialLeaks(renderings(error), CREDENTIALS), `cut at ${cut}`).toEqual([]);
      const raw = await createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 }).GET('/api/v1/calls/{id}', {
        params: { path: { id: CALL_ID } },
      });
      expect(
        credentialLeaks(`${raw.response.statusText}\n${[...raw.response.headers].join('\n')}\n${renderings(raw.error)}`, CREDENTIALS),
        `raw, cut at ${cut}`,
      ).toEqual([]);
    }
  });
});

describe('a credential longer than 4 KiB', () => {
  it.each([
    ['username', { username: 'u'.repeat(4097), password: 'secret' }],
    ['password', { username: 'someone', password: `${'p'.repeat(1_000_000)}` }],
  ])('is refused as %s by both clients, without echoing it', (argument, options) => {
    for (const create of [createCallsClient, createRawClient]) {
      expect(() => create(options)).toThrow(refusal(argument));
      let error: unknown;
      try {
        create(options);
      } catch (caught) {
        error = caught;
      }
      expect(credentialLeaks(renderings(error), options)).toEqual([]);
    }
  });
});
