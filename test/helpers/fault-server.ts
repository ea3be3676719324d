// A small node:http server on loopback whose answers a test scripts, for the
// failures a real API can produce: stalls, resets, 429s, HTML error pages.
//
// Each test owns its server (useFaultServer): a request that an earlier test
// left in flight (a wait that ended at its deadline, a call that timed out)
// can only reach that test's server, closed and on another port, never take
// an answer scripted for the test that runs now nor count among its requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FaultHandler = (request: RecordedRequest, response: ServerResponse, socket: Socket) => void;

export interface FaultServer {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next requests with these handlers, one each; the last one repeats. */
  script(...handlers: FaultHandler[]): void;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  let handlers: FaultHandler[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const handler = handlers.length > 1 ? handlers.shift() : handlers[0];
      if (!handler) {
        res.writeHead(500).end('no handler scripted');
        return;
      }
      handler(recorded, res, req.socket);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...next) {
      handlers = next;
      requests.length = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The server of the test that is running, as useFaultServer hands it out. */
export type TestFaultServer = Omit<FaultServer, 'close'>;

/**
 * A fault server for each test of the file or describe block this is called
 * in: started before the test, closed after it, so that no scripted answer
 * and no recorded request crosses from one test to the next. Read it inside
 * a test or a hook that runs after this one's beforeEach.
 */
export function useFaultServer(): TestFaultServer {
  let current: FaultServer | undefined;
  beforeEach(async () => {
    current = await startFaultServer();
  });
  afterEach(async () => {
    const ending = current;
    current = undefined;
    await ending?.close();
  });
  const now = (): FaultServer => {
    if (!current) throw new Error('useFaultServer(): there is a server only while a test runs; read it inside the test');
    return current;
  };
  return {
    get url() {
      return now().url;
    },
    get requests() {
      return now().requests;
    },
    script: (...handlers) => now().script(...handlers),
  };
}

/** Handlers for the usual answers. */
export const reply = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): FaultHandler {
    return (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
  },
  text(status: number, body: string, headers: Record<string, string> = {}): FaultHandler {
    return (_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
    };
  },
  /** Accepts the request and never answers. */
  never(): FaultHandler {
    return () => undefined;
  },
  /** Sends the headers, then stalls before the body. */
  stallBody(status = 200): FaultHandler {
    return (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.write('{"id":');
    };
  },
  /** Writes `bytes` (a string as Latin-1) straight to the socket, as a server with a broken HTTP stack would, then closes it. */
  raw(bytes: string | Buffer): FaultHandler {
    return (_req, _res, socket) => {
      socket.end(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    };
  },
  /** Resets the connection without an answer. */
  reset(): FaultHandler {
    return (_req, _res, socket) => {
      socket.resetAndDestroy();
    };
  },
};
