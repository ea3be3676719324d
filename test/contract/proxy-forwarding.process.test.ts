// What the validation proxy forwards and what it keeps to itself: headers
// that belong to one connection stay on it, in both directions; an upstream
// that never answers gets a 504, not a hang; credentials are shared only with
// pages on this machine; and SIGTERM to `npm run proxy` stops everything it
// started. The real script, in front of a node:http upstream on loopback.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/ports.js';
import { type FaultServer, reply, startFaultServer } from '../helpers/fault-server.js';
import { type Started, startNpm, startScript, stopAll, stopWith, waitFor } from '../helpers/processes.js';

const AUTHORIZATION = `Basic ${Buffer.from('tester:secret').toString('base64')}`;
/** A call's path of its own for each request, so that a test reads only what its own requests brought to the upstream. */
const freshPath = () => `/api/v1/calls/${randomUUID()}`;
// Long enough for Prism to forward an answer on a busy machine; only the test of a silent upstream waits it out.
const TIMEOUT_MS = 5_000;

/** One request through node:http, which sends the hop-by-hop headers fetch refuses to. */
function send(
  url: string,
  headers: Record<string, string>,
  path = freshPath(),
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}${path}`, { headers, agent: false }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks).toString('utf8') }));
      answer.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

let upstream: FaultServer;
let proxy: Started;
let url: string;
beforeAll(async () => {
  upstream = await startFaultServer();
  const port = await findFreePort();
  url = `http://127.0.0.1:${port}`;
  proxy = startScript('proxy.ts', [upstream.url], { PORT: String(port), HOST: '127.0.0.1', PROXY_TIMEOUT_MS: String(TIMEOUT_MS) });
  await waitFor('the banner', () => (proxy.stdout().includes(`ready at ${url}`) ? true : undefined), proxy);
});
afterAll(async () => {
  await stopAll();
  await upstream?.close();
});

const call = { statusCode: 404, message: 'Call not found', error: 'Not Found' };

describe('npm run proxy', () => {
  it('keeps hop-by-hop request headers, and those Connection names, off the upstream request', async () => {
    upstream.script(reply.json(404, call));
    const path = freshPath();
    const answer = await send(
      url,
      {
        authorization: AUTHORIZATION,
        connection: 'keep-alive, x-hop-secret',
        'x-hop-secret': 'for the next hop only',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'proxy-authorization': 'Basic cHJveHk6cGFzcw==',
        'x-end-to-end': 'kept',
      },
      path,
    );
    expect(answer.status).toBe(404);
    const received = upstream.requests.find((request) => request.url === path)!.headers;
    expect(received.authorization).toBe(AUTHORIZATION);
    expect(received['x-end-to-end']).toBe('kept');
    for (const name of ['x-hop-secret', 'keep-alive', 'te', 'proxy-authorization']) expect(received[name], name).toBeUndefined();
  });

  it('passes an answer that announces trailers through, and answers the next request too', async () => {
    upstream.script((_request, res) => {
      res.writeHead(404, { 'content-type': 'application/json', trailer: 'x-checksum' });
      res.write(JSON.stringify(call));
      res.addTrailers({ 'x-checksum': 'abc' });
      res.end();
    });
    const first = await send(url, { authorization: AUTHORIZATION });
    expect(first.status).toBe(404);
    expect(JSON.parse(first.body)).toEqual(call);
    expect(first.headers.trailer).toBeUndefined();
    upstream.script(reply.json(404, call));
    const next = await send(url, { authorization: AUTHORIZATION });
    expect(next.status).toBe(404);
    expect(JSON.parse(next.body)).toEqual(call);
  });

  it('shares credentials only with pages on this machine', async () => {
    upstream.script(reply.json(404, call));
    const local = await send(url, { authorization: AUTHORIZATION, origin: 'http://localhost:5173' });
    expect(local.headers['access-control-allow-credentials']).toBe('true');
    upstream.script(reply.json(404, call));
    const foreign = await send(url, { authorization: AUTHORIZATION, origin: 'https://pages.example' });
    expect(foreign.status).toBe(404);
    expect(foreign.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it(`answers 504 when the API does not answer within PROXY_TIMEOUT_MS, and reports it`, async () => {
    upstream.script(reply.never());
    const answer = await send(url, { authorization: AUTHORIZATION });
    expect(answer.status).toBe(504);
    expect(answer.body).toContain(`did not answer within ${TIMEOUT_MS} ms`);
    await waitFor('the report', () => (proxy.stdout().includes(`did not answer within ${TIMEOUT_MS} ms`) ? true : undefined), proxy);
  });
});

describe('npm run proxy, stopped', () => {
  it('leaves no process and no port behind after SIGTERM to npm', async () => {
    const upstreamUrl = upstream.url;
    const port = await findFreePort();
    const run = startNpm(['run', 'proxy', '--', upstreamUrl], { PORT: String(port), HOST: '127.0.0.1' });
    await waitFor('the banner', () => (run.stdout().includes(`ready at http://127.0.0.1:${port}`) ? true : undefined), run);
    const { left } = await stopWith(run, 'SIGTERM', port);
    expect(left).toEqual([]);
  });
});
