// The server for the client-overhead benchmark: node:http on loopback,
// answering every GET /api/v1/calls/{id} with the contract's example call.
//
// It runs in a child process (forked with tsx), not in the benchmark's own:
// there its work would share the event loop with the client under test and
// add the same constant to every variant, which would shrink the ratios to
// raw fetch. On two cores, client and server each get one.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_DIR, ROOT, isEntryPoint } from '../../scripts/lib/project.js';

/** components.examples.CallInProgress.value of the bundled spec. */
export function readExampleCall(): { id: string } & Record<string, unknown> {
  const spec = JSON.parse(readFileSync(join(GENERATED_DIR, 'openapi.json'), 'utf8')) as {
    components: { examples: Record<string, { value: { id: string } & Record<string, unknown> }> };
  };
  const example = spec.components.examples['CallInProgress']?.value;
  if (!example) throw new Error('generated/openapi.json has no components.examples.CallInProgress');
  return example;
}

export interface ExampleServer {
  url: string;
  close(): Promise<void>;
}

/** Forks this file as the server and resolves once it listens. */
export async function startExampleServer(): Promise<ExampleServer> {
  const child = fork(fileURLToPath(import.meta.url), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the example server did not start within 30 s')), 30_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve((message as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example server exited with code ${code} before it listened`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  // Serialized once: the server's share of each round trip stays as small and as constant as it can be.
  const body = Buffer.from(JSON.stringify(readExampleCall()));
  const path = /^\/api\/v1\/calls\/[^/?]+$/;
  const server = createServer((request, response) => {
    request.resume();
    if (request.method !== 'GET' || !path.test(request.url ?? '')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404,"message":"Not Found"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
  // Longer than any pause between rounds, so that no variant pays for a new connection.
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  // The benchmark is gone (finished or crashed): go too.
  process.on('disconnect', () => process.exit(0));
}
