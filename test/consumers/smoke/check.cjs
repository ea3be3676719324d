// What both smoke programs check, given the package as each one loaded it:
// the client reads a call from a loopback server with Basic credentials and
// turns a 404 into a typed error. The server is this file's own node:http.
const assert = require('node:assert/strict');
const { createServer } = require('node:http');

const USERNAME = 'smoke';
const PASSWORD = 'smoke-secret';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** Runs the check and resolves once the server is closed; throws on the first difference. */
async function check(label, api, { examples }) {
  const call = examples.CallInProgress;
  const seen = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url, authorization: request.headers.authorization });
    const found = request.url === `/api/v1/calls/${call.id}`;
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(found ? call : examples.CallNotFound));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = api.createCallsClient({ baseUrl: `http://127.0.0.1:${server.address().port}`, username: USERNAME, password: PASSWORD, maxRetries: 0 });
    assert.deepEqual(await client.getCall(call.id), call);
    const error = await client.getCall(MISSING_ID).then(
      () => assert.fail('a 404 resolved'),
      (caught) => caught,
    );
    assert.ok(error instanceof api.NotFoundError, `a 404 gave ${error?.name}, not NotFoundError`);
    assert.ok(error instanceof api.ElementeError);
    assert.equal(error.status, 404);
    assert.deepEqual(
      seen.map((request) => request.url),
      [`/api/v1/calls/${call.id}`, `/api/v1/calls/${MISSING_ID}`],
    );
    for (const request of seen) assert.equal(request.authorization, `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`);
  } finally {
    server.close();
  }
  process.stdout.write(`${label}: getCall and a typed 404 against a loopback server, on Node ${process.versions.node}\n`);
}

module.exports = { check };
