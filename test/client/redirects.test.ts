// The API documents no redirect, so the client never follows one: a 3xx is a
// RedirectError naming the status and the target's origin (never its path or
// query, which may carry credentials), after exactly one request, for the
// high-level methods and the raw client alike.
import { describe, expect, it } from 'vitest';
import { type CallsClientOptions, createCallsClient, RedirectError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { CALL_ID } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';
import { expectNoCredential, renderings } from '../helpers/leaks.js';

const USERNAME = 'r3Dk-Vq7m';
const PASSWORD = 'Lw9-xT4zPq';
const CREDENTIALS = { username: USERNAME, password: PASSWORD };
const TOKEN = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');

const server = useFaultServer();

function client(options: Partial<CallsClientOptions> = {}) {
  return createCallsClient({ baseUrl: server.url, ...CREDENTIALS, maxRetries: 0, ...options });
}

describe('redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])('%i is a RedirectError naming the status and target origin, after exactly one request', async (status) => {
    for (const call of [() => client({ maxRetries: 2 }).getCall(CALL_ID), () => client({ maxRetries: 2 }).updateCall(CALL_ID, { note: 'secret note' })]) {
      server.script(reply.text(status, '', { location: `http://evil.example:8080/steal?auth=${encodeURIComponent(TOKEN)}&u=${USERNAME}` }));
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toMatchObject({ status, location: 'http://evil.example:8080' });
      expect((error as Error).message).toContain(String(status));
      expectNoCredential(renderings(error), CREDENTIALS);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('a redirect loop costs one request', async () => {
    server.script((req, res) => res.writeHead(307, { location: `${server.url}${req.url}` }).end());
    const error = await client({ maxRetries: 2 })
      .getCall(CALL_ID)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 307, location: server.url });
    expect(server.requests).toHaveLength(1);
  });

  it('the raw client does not follow one either', async () => {
    server.script(reply.text(308, '', { location: 'https://elsewhere.example/api/v1/calls' }));
    const raw = createRawClient({ baseUrl: server.url, username: USERNAME, password: PASSWORD });
    const error = await raw.PUT('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } }, body: { note: 'n' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 308, location: 'https://elsewhere.example' });
    expect(server.requests).toHaveLength(1);
  });
});
