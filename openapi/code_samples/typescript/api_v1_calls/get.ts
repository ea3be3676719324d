import { createCallsClient } from '@elemente/calls-api';

const { ELEMENTE_USERNAME: username, ELEMENTE_PASSWORD: password } = process.env;
if (!username || !password) throw new Error('Set ELEMENTE_USERNAME and ELEMENTE_PASSWORD');
const client = createCallsClient({ username, password });

// Every filter is optional; the answer is the whole matching list (no pagination is published).
const calls = await client.listCalls({
  status: 'completed',
  channel: 'call',
  dateRange: { from: '2025-03-01', to: '2025-03-31' },
});
for (const call of calls) console.log(call.id, call.customerName, call.duration);
