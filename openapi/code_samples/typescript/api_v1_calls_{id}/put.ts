import { BadRequestError, createCallsClient } from '@elemente/calls-api';

const { ELEMENTE_USERNAME: username, ELEMENTE_PASSWORD: password } = process.env;
if (!username || !password) throw new Error('Set ELEMENTE_USERNAME and ELEMENTE_PASSWORD');
const client = createCallsClient({ username, password });

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
