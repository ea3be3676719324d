import { createCallsClient, NotFoundError, type Call } from '@elemente/calls-api';
import type { CallStatus, Message, components, paths } from '@elemente/calls-api/types';

const client = createCallsClient({ baseUrl: process.env.PRISM_URL ?? 'http://127.0.0.1:4010', username: 'consumer', password: 'consumer-secret' });
const id: paths['/api/v1/calls/{id}']['parameters']['path']['id'] = '123e4567-e89b-12d3-a456-426614174000';

async function main(): Promise<void> {
  const call: Call = await client.getCall(id);
  const first: Message | undefined = call.messages[0];
  const status: CallStatus = call.status;
  const duration: components['schemas']['Call']['duration'] = call.duration;
  const missing = await client.getCall(id, { headers: { Prefer: 'code=404' } }).catch((error: unknown) => error);
  console.log(JSON.stringify({ id: call.id, status, duration, sender: first?.sender, notFound: missing instanceof NotFoundError }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
