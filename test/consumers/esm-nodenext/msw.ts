// A consumer's unit test setup: MSW intercepts fetch in this process, with the
// package's handlers and examples; no mock server is started.
import { AuthenticationError, createCallsClient, NotFoundError, RateLimitError } from '@elemente/calls-api';
import { examples, makeCall } from '@elemente/calls-api/examples';
import { createCallsHandlers, createCallsStore } from '@elemente/calls-api/msw';
import { responseValidator } from '@elemente/calls-api/validation';
import { setupServer } from 'msw/node';

const server = setupServer(...createCallsHandlers());
server.listen({ onUnhandledRequest: 'error' });
const client = createCallsClient({ username: 'msw', password: 'msw-secret', maxRetries: 0 });

try {
  const call = await client.getCall(examples.CallInProgress.id);
  const anonymous = await createCallsClient()
    .getCall(call.id)
    .catch((error: unknown) => error);
  server.use(...createCallsHandlers({ answers: { listCalls: { status: 429, body: examples.TooManyRequests, headers: { 'retry-after': '7' } } } }));
  const limited = await client.listCalls().catch((error: unknown) => error);
  // Stateful: a call started through the client is then read and listed, until the store is reset.
  const store = createCallsStore({ seed: 7 });
  server.resetHandlers(...createCallsHandlers({ store }));
  const started = await client.createCall(examples.StartPhoneCall);
  const read = await client.getCall(started.id);
  const listed = (await client.listCalls({ status: started.status })).some((listedCall) => listedCall.id === started.id);
  store.reset();
  const forgotten = await client.getCall(started.id).catch((error: unknown) => error);
  console.log(
    JSON.stringify({
      same: JSON.stringify(call) === JSON.stringify(examples.CallInProgress),
      unauthenticated: anonymous instanceof AuthenticationError,
      retryAfterMs: limited instanceof RateLimitError ? limited.retryAfterMs : null,
      stored: read.id === started.id && read.agentId === examples.StartPhoneCall.agentId && listed,
      forgotten: forgotten instanceof NotFoundError && store.calls().every((stored) => stored.id !== started.id),
      made: responseValidator('getCall', 200, makeCall({ status: 'completed' })).length === 0,
    }),
  );
} finally {
  server.close();
}
