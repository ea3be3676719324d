// The raw client (`/raw`) keeps openapi-fetch's { data, error, response }
// union, and what the high-level methods promise still holds under it: a
// Response fetch can build whatever the reason phrase, a typed error for a
// 2xx that is not JSON, ids percent-encoded into one path segment, and dot
// segments or lone surrogates refused before sending.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ResponseValidationError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';
import { expectNoCredential, renderings } from '../helpers/leaks.js';

const CALL = loadBundle().components.examples.CallInProgress?.value;
// Random-looking credentials, so that no start of one can occur in the client's own text.
const USERNAME = 'Tz6w-Hn3q';
const PASSWORD = 'Gm5-Yc8!Pd2';
const CREDENTIALS = { username: USERNAME, password: PASSWORD };
const TOKEN = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');

const server = useFaultServer();

describe('answers', () => {
  // The Response the raw client builds needs a ByteString reason phrase; undici decodes it as UTF-8.
  it('the raw client survives a reason phrase beyond Latin-1, or not UTF-8', async () => {
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    for (const [reason, status] of [
      ['\u00e9t\u00e9', 200],
      ['\u65e5\u672c', 200],
      ['\u00e9t\u00e9', 404],
      ['\u65e5\u672c', 500],
    ] as const) {
      const bytes = Buffer.concat([
        Buffer.from(`HTTP/1.1 ${status} `),
        Buffer.from(reason, reason === '\u00e9t\u00e9' ? 'latin1' : 'utf8'),
        Buffer.from(`\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`),
      ]);
      server.script((_req, _res, socket) => socket.end(bytes));
      const { response } = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } });
      expect(response.status).toBe(status);
      expect(response.statusText).toMatch(/^[\u0000-\u00ff]*$/);
    }
  });

  it('the raw client refuses a 2xx body that is not JSON with a typed error that does not quote it', async () => {
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    for (const text of [`Basic ${TOKEN}`, PASSWORD, ' ', '{"id":']) {
      server.script(reply.text(200, text, { 'content-type': 'application/json' }));
      const error = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect(error).toMatchObject({ status: 200, operation: 'getCall' });
      expectNoCredential(renderings(error), CREDENTIALS);
    }
    // An empty 2xx stays what openapi-fetch makes of it: no data.
    server.script(reply.text(200, ''));
    await expect(raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } })).resolves.toMatchObject({ data: undefined });
  });
});

describe('path parameters', () => {
  it('percent-encodes ids in raw requests and refuses dot segments there too', async () => {
    server.script(reply.json(200, CALL));
    const raw = createRawClient({ baseUrl: server.url, username: 'u', password: 'p' });
    await raw.GET('/api/v1/calls/{id}', { params: { path: { id: 'a/b?c#d' } } });
    expect(server.requests[0]?.url).toBe('/api/v1/calls/a%2Fb%3Fc%23d');
    // A literal "%2e" is encoded to "%252e", harmless; the decoded dot segments are what must not pass.
    for (const id of ['..', '.', '']) {
      await expect(raw.GET('/api/v1/calls/{id}', { params: { path: { id } } })).rejects.toThrow(InvalidArgumentError);
    }
    expect(server.requests).toHaveLength(1);
  });

  // encodeURIComponent throws a URIError on a lone surrogate: the raw client must refuse it as input instead.
  it('refuses a lone surrogate in a path parameter with InvalidArgumentError', async () => {
    const raw = createRawClient({ baseUrl: server.url, maxRetries: 0 });
    await expect(raw.GET('/api/v1/calls/{id}', { params: { path: { id: 'a\ud800b' } } })).rejects.toThrow(InvalidArgumentError);
  });
});
