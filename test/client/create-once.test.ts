// createCall is never sent twice where it may have reached the API: not by
// the client's retries (a 408 is not retried for it), and not by Node's
// fetch, which sends a request again by itself after a 421 when its body can
// be read twice. Counted at the server, for the global fetch and an injected one.
import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { ApiError, createCallsClient } from '../../src/index.js';
import { CALL_ID } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';

const server = useFaultServer();

describe.each([
  ['the global fetch', undefined],
  ['an injected fetch', (request: Request) => fetch(request)],
])('createCall through %s', (_name, injected) => {
  const client = () => createCallsClient({ baseUrl: server.url, username: 'once', password: 'only-once', maxRetries: 2, fetch: injected });

  it.each([421, 408])('is sent once when the API answers %i, and the whole body arrives with its length', async (status) => {
    server.script(reply.json(status, { statusCode: status, message: 'no' }));
    const before = server.requests.length;
    const error = await client()
      .createCall(examples.StartPhoneCall)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(status);
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body)).toEqual(examples.StartPhoneCall);
    expect(sent[0]!.headers['content-length']).toBe(String(Buffer.byteLength(sent[0]!.body)));
    expect(sent[0]!.headers['transfer-encoding']).toBeUndefined();
  });

  it('while a 421 to getCall, which may be sent again, still gets its answer', async () => {
    server.script(reply.json(421, { statusCode: 421, message: 'misdirected' }), reply.json(200, examples.CallInProgress));
    await expect(client().getCall(CALL_ID)).resolves.toEqual(examples.CallInProgress);
  });
});
