// The MSW handlers, with msw/node and the client itself: no process, no port.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { AuthenticationError, type Call, createCallsClient, NotFoundError } from '../../src/index.js';
import { type CallsAnswer, createCallsHandlers } from '../../src/msw.js';
import { CALL_ID } from '../helpers/contract.js';

const server = setupServer(...createCallsHandlers());
const client = createCallsClient({ username: 'msw', password: 'msw-secret' });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createCallsHandlers', () => {
  it('answers each operation with its first named example by default', async () => {
    await expect(client.getCall(CALL_ID)).resolves.toEqual(examples.CallInProgress);
    await expect(client.updateCall(CALL_ID, { status: 'completed' })).resolves.toEqual(examples.CallUpdated);
  });

  it("answers the contract's 401, with WWW-Authenticate, when Basic credentials are missing", async () => {
    const anonymous = await fetch(`https://api.elemente.ai/api/v1/calls/${CALL_ID}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await anonymous.json()).toEqual(examples.Unauthorized);
    const error = await createCallsClient()
      .getCall(CALL_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
  });

  it('honours Prefer as the mock server does: a status, a named example, or both', async () => {
    const error = await client.getCall(CALL_ID, { headers: { Prefer: 'code=404' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).body).toEqual(examples.CallNotFound);
    await expect(client.getCall(CALL_ID, { headers: { Prefer: 'example=CallCompleted' } })).resolves.toEqual(examples.CallCompleted);
  });

  it("overrides one operation's answer, fixed or from the request, and leaves the others as they were", async () => {
    server.use(
      ...createCallsHandlers({
        answers: {
          getCall: ({ params }) => ({ status: 200, body: { ...examples.CallCompleted, id: params.id ?? '' } }),
          updateCall: { status: 404, body: examples.CallNotFound },
        },
      }),
    );
    const other = '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5';
    await expect(client.getCall(other)).resolves.toEqual({ ...examples.CallCompleted, id: other });
    await expect(client.updateCall(CALL_ID, { note: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps an override's own Retry-After, and gives an example's 429 Retry-After: 1", async () => {
    const url = `https://api.elemente.ai/api/v1/calls/${CALL_ID}`;
    const authorization = `Basic ${btoa('msw:msw-secret')}`;
    const fromExample = await fetch(url, { headers: { authorization, prefer: 'code=429' } });
    expect(fromExample.status).toBe(429);
    expect(fromExample.headers.get('retry-after')).toBe('1');
    server.use(...createCallsHandlers({ answers: { getCall: { status: 429, body: examples.TooManyRequests, headers: { 'Retry-After': '7' } } } }));
    const overridden = await fetch(url, { headers: { authorization } });
    expect(overridden.status).toBe(429);
    expect(overridden.headers.get('retry-after')).toBe('7');
  });

  it('serves another base URL, path prefix included', async () => {
    server.use(...createCallsHandlers({ baseUrl: 'http://127.0.0.1:4010/gateway/' }));
    const local = createCallsClient({ baseUrl: 'http://127.0.0.1:4010/gateway', username: 'msw', password: 'msw-secret' });
    await expect(local.getCall(CALL_ID)).resolves.toEqual(examples.CallInProgress);
  });

  it('types an answer by the operation: a documented status with its body', () => {
    expectTypeOf<Extract<CallsAnswer<'getCall'>, { status: 200 }>['body']>().toEqualTypeOf<Call>();
    createCallsHandlers({
      answers: {
        // @ts-expect-error 201 is not a status getCall documents
        getCall: { status: 201, body: examples.CallCompleted },
      },
    });
    createCallsHandlers({
      answers: {
        // @ts-expect-error a 404's body is an ErrorResponse, not a Call
        getCall: { status: 404, body: examples.CallCompleted },
      },
    });
  });
});
