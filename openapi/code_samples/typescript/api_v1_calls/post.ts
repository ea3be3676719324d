import { BadRequestError, createCallsClient } from '@elemente/calls-api';

const { ELEMENTE_USERNAME: username, ELEMENTE_PASSWORD: password } = process.env;
if (!username || !password) throw new Error('Set ELEMENTE_USERNAME and ELEMENTE_PASSWORD');
const client = createCallsClient({ username, password });

try {
  // Sent once: a create is repeated only when it provably never reached the API.
  const call = await client.createCall({
    agentId: '3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b',
    channel: 'whatsapp',
    skillId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
    customerOverride: { firstName: 'Jonas', phoneNumber: '+4915112345678' },
  });
  console.log(call.id, call.status);
} catch (error) {
  if (!(error instanceof BadRequestError)) throw error;
  console.log(error.messages);
}
