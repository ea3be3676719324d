// The one program the three TypeScript consumers compile and run: the core
// entry, the types, the raw client and the precompiled validators, as a user
// imports them. The @ts-expect-error lines prove that the published types
// carry the corrections: tsc fails on such a line when it compiles.
import { type Call, createCallsClient, NotFoundError } from '@elemente/calls-api';
import { createRawClient } from '@elemente/calls-api/raw';
import type { CallStatus, components, Message, paths } from '@elemente/calls-api/types';
import { responseValidator } from '@elemente/calls-api/validation';

const baseUrl = process.env.ELEMENTE_BASE_URL ?? 'http://127.0.0.1:4010';
const credentials = { username: 'consumer', password: 'consumer-secret' };
const client = createCallsClient({ baseUrl, ...credentials, validateResponses: responseValidator });
const raw = createRawClient({ baseUrl, ...credentials });
const id: paths['/api/v1/calls/{id}']['parameters']['path']['id'] = '123e4567-e89b-12d3-a456-426614174000';

async function main(): Promise<void> {
  const call: Call = await client.getCall(id);
  const first: Message | undefined = call.messages[0];
  const status: CallStatus = call.status;
  const duration: components['schemas']['Call']['duration'] = call.duration;
  const missing = await client.getCall(id, { headers: { Prefer: 'code=404' } }).catch((error: unknown) => error);
  const listed = await raw.GET('/api/v1/calls', { params: { query: { status: 'completed' } } });
  console.log(
    JSON.stringify({ id: call.id, status, duration, sender: first?.sender, notFound: missing instanceof NotFoundError, listed: listed.data?.length }),
  );
}

/** The published reference's mistakes, which the package's types refuse. */
export function asPublished(call: Call): unknown[] {
  // @ts-expect-error duration is a number, not the published string "7200"
  const published: Call = { ...call, duration: '7200' };
  // @ts-expect-error messages are Message objects, not the published string[]
  const strings: Message[] = ['Hello, how can I assist you today?'];
  return [published, strings];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
