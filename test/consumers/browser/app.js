// A browser app as a front-end team writes it: plain JavaScript, bundled by
// esbuild, calling the mock named in the page's query string.
import { createCallsClient, NotFoundError } from '@elemente/calls-api';

const baseUrl = new URL(location.href).searchParams.get('mock');
const client = createCallsClient({ baseUrl, username: 'browser', password: 'browser-secret' });

client
  .getCall('123e4567-e89b-12d3-a456-426614174000')
  .then(async (call) => {
    const missing = await client.getCall(call.id, { headers: { Prefer: 'code=404' } }).catch((error) => error);
    document.body.dataset.result = JSON.stringify({ id: call.id, duration: call.duration, notFound: missing instanceof NotFoundError });
  })
  .catch((error) => {
    document.body.dataset.result = JSON.stringify({ error: String(error) });
  });
