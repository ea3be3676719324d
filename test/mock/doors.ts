// The two doors of the mock, behind one interface so that a scenario runs
// unchanged through either: the mock server as a process on loopback
// (elemente-calls-mock, run from src/ as npm start runs it), and MSW's
// handlers in this process. Each door answers a request with what a test
// compares: the status, the parsed body, and the headers that carry meaning.
import { join } from 'node:path';
import type { SetupServerApi } from 'msw/node';
import { setupServer } from 'msw/node';
import { findFreePort } from '../../scripts/lib/ports.js';
import { ROOT } from '../../scripts/lib/project.js';
import { type Started, start } from '../../scripts/lib/run.js';
import type { MockResponse } from '../../src/mock/response.js';
import { type CallsStore, createCallsHandlers, createCallsStore } from '../../src/msw.js';

export const AUTH = `Basic ${btoa('demo:demo')}`;
/** The headers a scenario compares; the rest (date, connection, CORS) says nothing about the contract. */
const COMPARED_HEADERS = ['content-type', 'retry-after', 'www-authenticate'];

export interface Door {
  name: string;
  /** Sends `path` (with its query) to the door, with `init` as fetch takes it. */
  send(path: string, init?: RequestInit): Promise<MockResponse>;
  /** Back to the starting state (stateful doors only). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** What a test compares of a response. */
export async function read(response: Response): Promise<MockResponse> {
  const text = await response.text();
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    const value = response.headers.get(name);
    // Prism writes application/json with and without a charset; the media type is what a client reads.
    if (value !== null) headers[name] = name === 'content-type' ? value.split(';')[0]!.trim().toLowerCase() : value;
  }
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers };
}

/** The mock server as npm start runs it (tsx on src/mock/cli.ts), on a free port; resolves once it has printed its ready line. */
export async function startServerDoor(args: string[], { quiet = true } = {}): Promise<Door & { process: Started; url: string }> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const mock = start(process.execPath, [
    '--import',
    'tsx',
    join(ROOT, 'src', 'mock', 'cli.ts'),
    '--port',
    String(port),
    ...(quiet ? ['--quiet'] : []),
    ...args,
  ]);
  await waitForOutput(mock, 'is ready at');
  return {
    name: `elemente-calls-mock ${args.join(' ')}`.trim(),
    process: mock,
    url,
    send: async (path, init) => read(await fetch(url + path, init)),
    async reset() {
      const response = await fetch(`${url}/_mock/reset`, { method: 'POST' });
      if (response.status !== 204) throw new Error(`reset answered ${response.status}`);
    },
    close: () => mock.stop(),
  };
}

/** Resolves once the process has printed `text`; rejects with its output if it exits first. */
export async function waitForOutput(process: Started, text: string): Promise<void> {
  const exited = process.exited.then(() => {
    if (!process.stdout().includes(text)) throw new Error(`the process exited before printing "${text}"\n${process.stdout()}\n${process.stderr()}`);
  });
  const printed = new Promise<void>((resolve) => {
    const check = () => (process.stdout().includes(text) ? resolve() : undefined);
    process.child.stdout?.on('data', check);
    check();
  });
  await Promise.race([printed, exited]);
}

/** MSW's handlers at a base URL of their own, in this process; with a store when `stateful`. */
export function startMswDoor(options: { stateful: boolean; seed?: number }): Door & { store: CallsStore | undefined; server: SetupServerApi } {
  const baseUrl = 'https://calls.msw.test';
  const store = options.stateful ? createCallsStore({ seed: options.seed }) : undefined;
  const server = setupServer(...createCallsHandlers({ baseUrl, store }));
  // Anything else (the mock server's loopback port) goes out as usual.
  server.listen({ onUnhandledRequest: 'bypass' });
  return {
    name: options.stateful ? 'MSW with a store' : 'MSW',
    store,
    server,
    send: async (path, init) => read(await fetch(baseUrl + path, init)),
    async reset() {
      store?.reset();
    },
    async close() {
      server.close();
    },
  };
}
