import { createCallsClient, NotFoundError } from '@elemente/calls-api';

const client = createCallsClient({
  username: process.env.ELEMENTE_USERNAME ?? '',
  password: process.env.ELEMENTE_PASSWORD ?? '',
});

try {
  const call = await client.getCall('123e4567-e89b-12d3-a456-426614174000');
  console.log(call.status, call.duration, call.messages.length);
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log('no such call');
}
