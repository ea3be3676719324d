// A consumer's unit test setup: MSW intercepts fetch in this process, with the
// package's handlers and examples; no mock server is started.
import { AuthenticationError, createCallsClient, isFinalStatus, NotFoundError, RateLimitError, ServerError } from '@elemente/calls-api';
import { examples, makeCall } from '@elemente/calls-api/examples';
import { type CallsStoreSnapshot, createCallsHandlers, createCallsStore, type MockRequestEntry } from '@elemente/calls-api/msw';
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
  // Living, under a clock the test moves: a created call has ended 120 s of mock time later.
  let now = Date.parse('2026-12-07T10:00:00Z');
  const living = createCallsStore({ seed: 3, simulate: true, now: () => now });
  server.resetHandlers(...createCallsHandlers({ store: living }));
  const born = await client.createCall(examples.StartWhatsAppChat);
  now += 120_000;
  const lived = isFinalStatus((await client.getCall(born.id)).status) && !isFinalStatus(born.status);
  // The journal, typed by operation; a snapshot that another store takes back.
  const creates = living.requests().filter((entry): entry is Extract<MockRequestEntry, { operation: 'createCall' }> => entry.operation === 'createCall');
  const snapshot: CallsStoreSnapshot = JSON.parse(JSON.stringify(living.export()));
  const copy = createCallsStore({ simulate: true, now: () => now });
  copy.import(snapshot);
  // Faults: every accepted request fails with the contract's 503.
  server.resetHandlers(...createCallsHandlers({ faults: { failRate: 1 } }));
  const failed = await client.getCall(born.id).catch((error: unknown) => error);
  console.log(
    JSON.stringify({
      same: JSON.stringify(call) === JSON.stringify(examples.CallInProgress),
      unauthenticated: anonymous instanceof AuthenticationError,
      retryAfterMs: limited instanceof RateLimitError ? limited.retryAfterMs : null,
      stored: read.id === started.id && read.agentId === examples.StartPhoneCall.agentId && listed,
      forgotten: forgotten instanceof NotFoundError && store.calls().every((stored) => stored.id !== started.id),
      made: responseValidator('getCall', 200, makeCall({ status: 'completed' })).length === 0,
      lived,
      journal: creates.map((entry) => entry.body.channel),
      restored: JSON.stringify(copy.calls()) === JSON.stringify(living.calls()),
      faulted: failed instanceof ServerError ? failed.status : null,
    }),
  );
} finally {
  server.close();
}
