import { createCallsClient, NotFoundError } from '@elemente/calls-api';

const { ELEMENTE_USERNAME: username, ELEMENTE_PASSWORD: password } = process.env;
if (!username || !password) throw new Error('Set ELEMENTE_USERNAME and ELEMENTE_PASSWORD');
const client = createCallsClient({ username, password });

try {
  const call = await client.getCall('123e4567-e89b-12d3-a456-426614174000');
  console.log(call.status, call.duration, call.messages.length);
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log('no such call');
}
