// A consumer's unit test setup: MSW intercepts fetch in this process, with the
// package's handlers and examples; no mock server is started.
import { AuthenticationError, createCallsClient, RateLimitError } from '@elemente/calls-api';
import { examples } from '@elemente/calls-api/examples';
import { createCallsHandlers } from '@elemente/calls-api/msw';
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
  console.log(
    JSON.stringify({
      same: JSON.stringify(call) === JSON.stringify(examples.CallInProgress),
      unauthenticated: anonymous instanceof AuthenticationError,
      retryAfterMs: limited instanceof RateLimitError ? limited.retryAfterMs : null,
    }),
  );
} finally {
  server.close();
}
