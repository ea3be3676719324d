import { BadRequestError, createCallsClient } from '@elemente/calls-api';

const client = createCallsClient({
  username: process.env.ELEMENTE_USERNAME ?? '',
  password: process.env.ELEMENTE_PASSWORD ?? '',
});

try {
  const call = await client.updateCall('123e4567-e89b-12d3-a456-426614174000', {
    status: 'completed',
    note: 'This call needs a follow-up.',
  });
  console.log(call.status);
} catch (error) {
  if (!(error instanceof BadRequestError)) throw error;
  console.log(error.messages);
}
