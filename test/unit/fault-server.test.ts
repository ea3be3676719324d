// The fault server the client suites script (test/helpers/fault-server.ts):
// each test owns its server, so that a request an earlier test left in
// flight can take none of the answers the next test scripts. The two tests
// below run in order on purpose: the first leaves a request half sent, the
// second finishes sending it and checks that it reached nothing of its own.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { reply, useFaultServer } from '../helpers/fault-server.js';

describe('useFaultServer', () => {
  const server = useFaultServer();
  let late: Socket | undefined;

  it('leaves a request in flight: its head sent, the blank line that ends it not yet', async () => {
    const { hostname, port } = new URL(server.url);
    late = connect(Number(port), hostname);
    late.on('error', () => undefined);
    await new Promise((resolve) => late?.once('connect', resolve));
    late.write('GET /late HTTP/1.1\r\nhost: fault\r\n');
  });

  it('gives a request left in flight by the test before none of this test’s answers', async () => {
    expect(late, 'the test before leaves the request in flight').toBeDefined();
    const socket = late as Socket;
    server.script(reply.json(200, { answer: 'first' }), reply.json(200, { answer: 'second' }));
    // The late request ends now: it is answered (a server shared across tests) or finds its connection closed.
    const settled = new Promise((resolve) => {
      for (const event of ['data', 'end', 'close', 'error']) socket.once(event, resolve);
    });
    if (!socket.destroyed) socket.write('\r\n');
    if (!socket.destroyed) await settled;
    socket.destroy();

    const mine = await fetch(`${server.url}/mine`);
    expect(await mine.json()).toEqual({ answer: 'first' });
    expect(server.requests.map((request) => request.url)).toEqual(['/mine']);
  });

  // Read while the suite is collected, before any test: there is no server yet.
  const outside = (() => {
    try {
      return server.url;
    } catch (error) {
      return error;
    }
  })();
  it('is a server only while a test runs', () => {
    expect(outside).toEqual(new Error('useFaultServer(): there is a server only while a test runs; read it inside the test'));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
