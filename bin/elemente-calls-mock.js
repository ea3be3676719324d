#!/usr/bin/env node
// @ts-check
// elemente-calls-mock (and npm start): the contract as a mock server. It is
// `prism mock generated/openapi.json --errors` behind a small front server
// that adds what Prism lacks:
//   - one clear line for a missing Prism, a taken port or a bad flag;
//   - the contract's 400 body for a request body that is not JSON, where
//     Prism answers with a body of its own;
//   - the contract's error body in place of Prism's own problem reports
//     (an unknown path, an internal failure), which can carry a stack trace;
//   - a clean stop on SIGINT, SIGTERM or SIGHUP to this process, or to the npm
//     or npx process that started it: Prism is stopped with it and the port
//     is free again.
// Run with --help for the flags.
import { spawn } from 'node:child_process';
import { createServer, request as forward } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const PRISM_VERSION = '5.14.2';
const SPEC = fileURLToPath(new URL('../generated/openapi.json', import.meta.url));
const DOCS = fileURLToPath(new URL('../generated/docs/index.html', import.meta.url));
const EXAMPLE_ID = '123e4567-e89b-12d3-a456-426614174000';
/** The largest request body the front server reads to check it is JSON; larger ones go to Prism unread. */
const MAX_CHECKED_BODY = 1024 * 1024;
/** How long Prism gets to stop on SIGTERM before it is killed. */
const STOP_GRACE_MS = 1000;
/** How often the parent process is looked for (see below). */
const PARENT_CHECK_MS = 250;

const USAGE = `Usage: elemente-calls-mock [--port N] [--host H] [--dynamic]

Serves the Elemente.ai Calls API contract as a mock (Prism), with request
validation, the Basic-auth check and named examples (Prefer: example=NAME,
Prefer: code=STATUS). PORT and HOST set the defaults (4010, 127.0.0.1).
--dynamic answers with data generated from the schemas instead of the examples.
Needs @stoplight/prism-cli@${PRISM_VERSION}, an optional peer dependency.`;

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`elemente-calls-mock: ${message}\n`);
  process.exit(1);
}

/** @returns {{ port: number, host: string, dynamic: boolean }} */
function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, dynamic: { type: 'boolean' }, help: { type: 'boolean' } } }));
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const rawPort = values.port ?? process.env.PORT ?? '4010';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) fail(`the port must be a number from 1 to 65535, not "${rawPort}"`);
  return { port, host: values.host ?? process.env.HOST ?? '127.0.0.1', dynamic: values.dynamic === true };
}

/** The Prism CLI's script, resolved from where this package is installed, or a one-line exit. */
function findPrism() {
  try {
    return createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');
  } catch {
    return fail(`Prism is not installed; install it next to this package: npm install --save-dev @stoplight/prism-cli@${PRISM_VERSION}`);
  }
}

/**
 * Listens on host:port, or exits with one line saying why not.
 * @param {import('node:http').Server} server @param {string} host @param {number} port
 */
function listen(server, host, port) {
  return new Promise((resolve) => {
    server.once('error', (/** @type {NodeJS.ErrnoException} */ error) => {
      if (error.code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use: stop what uses it, or choose another with --port`);
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') fail(`cannot listen on ${host}: no such local address (try --host 127.0.0.1)`);
      else if (error.code === 'EACCES') fail(`not allowed to listen on port ${port} (ports below 1024 need privileges): choose another with --port`);
      else fail(error.message);
    });
    server.listen(port, host, () => resolve(undefined));
  });
}

/** A free loopback port for Prism, which only the front server talks to. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Sends the contract's error body.
 * @param {import('node:http').ServerResponse} response @param {number} status @param {string[]} message @param {Record<string, string>} [headers]
 */
function sendError(response, status, message, headers = {}) {
  const reasons = /** @type {Record<number, string>} */ ({
    400: 'Bad Request',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    500: 'Internal Server Error',
  });
  const body = JSON.stringify({ statusCode: status, message, error: reasons[status] ?? 'Error' });
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'access-control-allow-origin': '*' });
  response.end(body);
}

const { port, host, dynamic } = readOptions();
const prismScript = findPrism();
const front = createServer();
await listen(front, host, port);
const prismPort = /** @type {number} */ (await freePort());
const prismArgs = ['mock', SPEC, '--host', '127.0.0.1', '--port', String(prismPort), '--errors', ...(dynamic ? ['--dynamic'] : [])];
// NODE_ENV=production would turn on Prism's multi-process mode, whose workers outlive a SIGTERM to it.
const prism = spawn(process.execPath, [prismScript, ...prismArgs], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, NODE_ENV: 'development' },
});
const prismExited = new Promise((resolve) => prism.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))));

let stopping = false;
/** @param {string} why */
async function stop(why) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${why}: stopping the mock.\n`);
  front.close();
  front.closeAllConnections();
  if (prism.exitCode === null && prism.signalCode === null) {
    prism.kill('SIGTERM');
    const timer = setTimeout(() => prism.kill('SIGKILL'), STOP_GRACE_MS);
    await prismExited;
    clearTimeout(timer);
  }
  process.exit(0);
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => void stop(`Received ${signal}`));
// A SIGTERM to `npm start` or `npx` ends npm without passing the signal on, and
// this process is handed to another parent: stop then too, as if signalled.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop('The process that started the mock has ended');
}, PARENT_CHECK_MS).unref();
void prismExited.then((code) => {
  // Ctrl-C in a terminal signals Prism too, and its exit may be seen before this process's own
  // SIGINT: give that signal a turn of the event loop before calling the exit unexpected.
  setImmediate(() => {
    if (!stopping) fail(`Prism stopped unexpectedly (exit code ${code})`);
  });
});

front.on('request', (request, response) => {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  request.on('data', (/** @type {Buffer} */ chunk) => {
    size += chunk.length;
    if (size <= MAX_CHECKED_BODY) chunks.push(chunk);
  });
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const json = /json/i.test(request.headers['content-type'] ?? '');
    // A body that is not JSON is refused before anything else, credentials included, as Prism
    // orders it (and as a server whose body parser runs before its authentication does).
    if (json && body.length > 0 && size <= MAX_CHECKED_BODY) {
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        const violation = [{ location: ['request', 'body'], severity: 'Error', message: 'The request body is not valid JSON' }];
        sendError(response, 400, ['The request body is not valid JSON'], { 'sl-violations': JSON.stringify(violation) });
        return;
      }
    }
    const upstream = forward({ host: '127.0.0.1', port: prismPort, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      // Prism's own problem reports are not the contract's error body, and may carry a stack trace.
      if (/problem\+json/i.test(answer.headers['content-type'] ?? '')) {
        answer.resume();
        const status = answer.statusCode ?? 500;
        sendError(response, status, [
          status === 404
            ? `No operation of the contract matches ${request.method} ${(request.url ?? '').split('?')[0]}`
            : 'The mock could not answer this request',
        ]);
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(response);
    });
    upstream.on('error', () => {
      if (!response.headersSent) sendError(response, 500, ['The mock could not reach Prism']);
      else response.destroy();
    });
    upstream.end(body);
  });
});

// Ready once Prism answers: a CORS preflight, which it answers itself without logging an error.
for (;;) {
  if (stopping) break;
  const answered = await fetch(`http://127.0.0.1:${prismPort}/`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost', 'access-control-request-method': 'GET' },
    signal: AbortSignal.timeout(1000),
  }).then(
    () => true,
    () => false,
  );
  if (answered) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
if (!stopping) {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  const call = `${url}/api/v1/calls/${EXAMPLE_ID}`;
  process.stdout.write(
    [
      '',
      `Elemente.ai Calls API mock (Prism${dynamic ? ', dynamic data' : ''}) is ready at ${url}`,
      '',
      '  Try it (any username and password without ":" pass the Basic-auth check):',
      `    curl -u demo:demo ${call}`,
      '',
      '  Pick a named example or a status:',
      `    curl -u demo:demo -H 'Prefer: example=CallCompleted' ${call}`,
      `    curl -u demo:demo -H 'Prefer: code=404' ${call}`,
      '',
      '  The named examples are listed in the docs and in @elemente/calls-api/examples.',
      `  Docs: ${DOCS}`,
      '  Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
}
