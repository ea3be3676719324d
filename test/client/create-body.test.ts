// What createCall sends: the contract's named fields of CreateCallRequest and
// nothing else. A key it does not name is refused before anything is sent,
// whether it is a typo, a field of another body or an inherited name.
import { describe, expect, it, vi } from 'vitest';
import { examples } from '../../src/examples.js';
import { createCallsClient, InvalidArgumentError } from '../../src/index.js';

function recordingClient() {
  const fetch = vi.fn(async () => Response.json({ ...examples.CallInProgress }, { status: 200 }));
  return { fetch, client: createCallsClient({ baseUrl: 'http://127.0.0.1:9', fetch, maxRetries: 0 }) };
}

describe('createCall body', () => {
  it.each([
    ['a typo of a named field', { agentID: 'x' }, 'agentID'],
    ['a field of the update body', { note: 'hello' }, 'note'],
    ['__proto__, as JSON.parse makes it', JSON.parse('{"__proto__": {"admin": true}}') as object, '__proto__'],
  ])('refuses %s, naming the key and the allowed fields, and sends nothing', async (_name, extra, key) => {
    const { fetch, client } = recordingClient();
    const error = await client.createCall({ ...examples.StartPhoneCall, ...extra } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('body');
    expect((error as Error).message).toContain(JSON.stringify(key));
    expect((error as Error).message).toContain('customerEmail');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends every field the contract names, as given', async () => {
    const { fetch, client } = recordingClient();
    const body = {
      ...examples.StartPhoneCall,
      agentOverride: {},
      customerName: 'John Doe',
      customerPhone: '+4930123456',
      customerEmail: 'john.doe@example.com',
    };
    await client.createCall(body as never);
    expect(fetch).toHaveBeenCalledOnce();
    const request = (fetch.mock.calls[0] as unknown as [Request])[0];
    expect(await new Response(request.body).json()).toEqual(body);
  });
});
