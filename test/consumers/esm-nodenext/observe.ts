// A consuming team's operational code: a hook per attempt, the answer's
// metadata, and waiting for a call to end, against a loopback server that
// first answers 503, then shows the call ringing, then completed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AttemptEvent, type Call, createCallsClient, isFinalStatus, WaitTimeoutError } from '@elemente/calls-api';
import { makeCall } from '@elemente/calls-api/examples';

const statuses = ['ringing', 'in-progress', 'completed'] as const;
let reads = 0;
const server = createServer((_request, response) => {
  reads += 1;
  if (reads === 1) {
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0', 'x-request-id': 'req-busy' }).end('{"statusCode":503,"message":"busy"}');
    return;
  }
  const call: Call = makeCall({ status: statuses[Math.min(reads - 2, statuses.length - 1)] });
  response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req-${reads}` }).end(JSON.stringify(call));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

try {
  const events: AttemptEvent[] = [];
  const client = createCallsClient({ baseUrl, username: 'consumer', password: 'consumer-secret', onAttempt: (event) => events.push(event) });
  const id = makeCall().id;
  const first = await client.withResponse.getCall(id);
  const ended = await client.waitForCall(id, { intervalMs: 0 });
  const timedOut = await client
    .waitForCall(id, { until: () => false, intervalMs: 0, timeoutMs: 20 })
    .catch((error: unknown) => error instanceof WaitTimeoutError && error.lastCall?.status === 'completed');
  console.log(
    JSON.stringify({
      outcomes: events.slice(0, 2).map((event) => `${event.attempt}:${event.outcome}:${event.status}`),
      firstStatus: first.status,
      requestId: first.requestId,
      ended: ended.status,
      final: isFinalStatus(ended.status),
      timedOut,
      secretFree: !JSON.stringify(events).includes('consumer-secret'),
    }),
  );
} finally {
  server.close();
}
