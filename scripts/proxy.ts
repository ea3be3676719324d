// npm run proxy -- <upstream-url>: checks a live Calls API against the
// contract. Send requests to http://127.0.0.1:4020 instead of the API; each
// one is forwarded, and the proxy prints whether the exchange keeps the contract.
//   npm run proxy -- https://api.elemente.ai
//   PORT=4021 HOST=0.0.0.0 npm run proxy -- https://api.elemente.ai
//
// Design: three hops on this machine.
//   client -> report server (node:http, HOST:PORT) -> `prism proxy` (127.0.0.1, a free port)
//          -> relay (node:http, 127.0.0.1, a free port) -> upstream
// The relay only drops the headers of the API's own connection, which Prism
// would copy (see relayTo).
// Prism validates the request and the upstream's response and lists what it
// found in the `sl-violations` response header, a JSON array of
// {location, severity, code?, message}. The report server passes each
// exchange through and prints one summary line per request from that header,
// then one line per violation. The header, not Prism's `Violation:` log lines,
// because it is structured and belongs to exactly one response: log lines of
// overlapping requests interleave and do not carry the status code. Prism's
// log (at `-v warn`) is read only for what the header cannot say: an upstream
// 501, which Prism answers with a mock of its own; other warnings are relayed
// as `prism <level>:` lines.
//
// No --errors. With it Prism replaces a violating response with its own 500
// problem+json, so the team loses the API's real answer, and it stops
// forwarding requests it judges invalid, real Basic credentials whose password
// holds a ':' included (Prism's Basic check wrongly rejects those,
// stoplightio/prism#2814). Without it the real response passes through and
// every violation is still reported.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { isLoopbackOrigin, stopWhenOrphaned } from '../src/mock/listen.js';
import { findFreePort } from './lib/ports.js';
import { assertPortFree, listenAddress, listenOn, localUrl, startPrism, waitForHttp } from './lib/prism.js';
import { GENERATED_DIR, isEntryPoint, ROOT, requireFile, runMain, ScriptError } from './lib/project.js';
import { banner, type CheckedExchange, count, formatExchange, parseViolations, prismProblem, readPrismLog } from './lib/proxy-report.js';

const SPEC = join(GENERATED_DIR, 'openapi.json');
// Not 4010, so the proxy can run next to the mock of npm start.
const DEFAULT_PORT = '4020';
const USAGE = 'usage: npm run proxy -- <upstream-url> [--any-origin-credentials]   (for example: npm run proxy -- https://api.elemente.ai)';
// Hop-by-hop headers belong to one connection (RFC 9110, 7.6.1), and so do
// those the Connection header names; Node sets its own. Trailer too: the
// proxy reads a whole answer and sends it with its length, without trailers.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
/** How long the API may take to answer, in ms, before the proxy answers 504; PROXY_TIMEOUT_MS changes it. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** `rawHeaders` (name, value, name, value...) without the names in `dropped`. */
function keptHeaders(rawHeaders: string[], dropped: Set<string>): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const [name = '', value = ''] = [rawHeaders[i], rawHeaders[i + 1]];
    if (!dropped.has(name.toLowerCase())) kept.push(name, value);
  }
  return kept;
}

/** The names of `headers` that belong to this connection only: the hop-by-hop ones and those its Connection header lists. */
function connectionHeaders(connection: string | string[] | undefined): Set<string> {
  const named = [connection ?? []].flat().flatMap((value) => value.split(',').map((name) => name.trim().toLowerCase()));
  return new Set([...HOP_BY_HOP, ...named.filter(Boolean)]);
}

interface ForwardOptions {
  prismPort: number;
  timeoutMs: number;
  /** Let pages of any origin send credentials through the proxy, not only pages on this machine. */
  anyOriginCredentials: boolean;
}

/** The upstream from the command line: an absolute http(s) URL, without credentials, query or fragment. */
export function parseUpstream(arg: string | undefined): URL {
  if (!arg) throw new ScriptError(`missing the upstream URL, the API to check (such as https://api.elemente.ai)\n${USAGE}`);
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    throw new ScriptError(`the upstream must be an absolute http(s) URL, not "${arg}"\n${USAGE}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ScriptError(`the upstream must be an absolute http(s) URL, not "${arg}"\n${USAGE}`);
  // The banner and Prism's log would print them.
  if (url.username || url.password)
    throw new ScriptError(`keep credentials out of the upstream URL; send them with each request (curl -u USER:PASS)\n${USAGE}`);
  // Prism replaces the query with the request's own and never sends a fragment.
  if (url.search || url.hash) throw new ScriptError(`the upstream URL must not have a query or fragment: "${arg}"\n${USAGE}`);
  return url;
}

/** Forwards one request to Prism, reports the exchange, and sends Prism's answer back unchanged. */
function forwardToPrism({ prismPort, timeoutMs, anyOriginCredentials }: ForwardOptions, report: (exchange: CheckedExchange) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const failed = (reason: string, status = 502) => {
      report({ method, path, status, violations: [], complete: true, notChecked: reason });
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`validation proxy: ${reason}\n`);
    };
    const dropped = connectionHeaders(req.headers.connection);
    const forwarded = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !dropped.has(name)));
    // Credentials are shared only with pages on this machine, as the mock shares them.
    const credentialsAllowed = anyOriginCredentials || isLoopbackOrigin(req.headers.origin);
    const toPrism = httpRequest({ host: '127.0.0.1', port: prismPort, method, path, headers: forwarded }, (answer) => {
      buffer(answer).then(
        (body) => {
          const status = answer.statusCode ?? 502;
          const header = answer.headers['sl-violations'];
          const { violations, complete } = parseViolations(Array.isArray(header) ? header.join(',') : header);
          const problem = header ? undefined : prismProblem(answer.headers['content-type'], body.toString('utf8'));
          report({ method, path, status, violations, complete, ...(problem ? { notChecked: `Prism answered instead of the API: ${problem}` } : {}) });
          const dropped = connectionHeaders(answer.headers.connection);
          if (!credentialsAllowed) dropped.add('access-control-allow-credentials');
          res.writeHead(status, answer.statusMessage, keptHeaders(answer.rawHeaders, dropped)).end(body);
        },
        (error: Error) => failed(`Prism's answer broke off (${error.message})`),
      );
    });
    toPrism.setTimeout(timeoutMs, () => {
      toPrism.destroy();
      failed(`the API did not answer within ${timeoutMs} ms`, 504);
    });
    toPrism.on('error', (error: NodeJS.ErrnoException) => {
      if (!res.writableEnded) failed(`Prism did not answer (${error.code ?? error.message})`);
    });
    req.on('error', () => toPrism.destroy());
    req.pipe(toPrism);
  };
}

/**
 * The hop between Prism and the API, on loopback: each request is sent on to
 * `upstream` as it came, and the API's answer comes back without the headers
 * of its own connection. Prism copies an answer's headers, and one that
 * announces trailers (`Trailer`) makes it throw and exit.
 */
function relayTo(upstream: URL) {
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const dropped = connectionHeaders(req.headers.connection);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !dropped.has(name)));
    const target = new URL(req.url ?? '/', upstream.origin);
    const toApi = send(target, { method: req.method, headers: { ...headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, keptHeaders(answer.rawHeaders, connectionHeaders(answer.headers.connection)));
      answer.pipe(res);
    });
    toApi.on('error', () => res.destroy());
    req.on('error', () => toApi.destroy());
    req.pipe(toApi);
  };
}

function readArguments(): { upstream: string | undefined; anyOriginCredentials: boolean } {
  try {
    const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'any-origin-credentials': { type: 'boolean' } } });
    if (positionals.length > 1) throw new ScriptError(`expected one upstream URL, got ${positionals.length} arguments\n${USAGE}`);
    return { upstream: positionals[0], anyOriginCredentials: values['any-origin-credentials'] === true };
  } catch (error) {
    if (error instanceof ScriptError) throw error;
    throw new ScriptError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const { upstream: argument, anyOriginCredentials } = readArguments();
    const upstream = parseUpstream(argument);
    const timeoutMs = Number(process.env.PROXY_TIMEOUT_MS || DEFAULT_TIMEOUT_MS);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1)
      throw new ScriptError(`PROXY_TIMEOUT_MS must be a whole number of milliseconds, not "${process.env.PROXY_TIMEOUT_MS}"`);
    requireFile(SPEC, 'run npm run generate first');
    const { host, port } = listenAddress({ ...process.env, PORT: process.env.PORT || DEFAULT_PORT });
    await assertPortFree(host, port);
    const url = localUrl(host, port);

    const relay = createServer(relayTo(upstream));
    await listenOn(relay, '127.0.0.1', 0);
    const relayUrl = new URL(upstream.pathname, `http://127.0.0.1:${(relay.address() as AddressInfo).port}`);
    const prismPort = await findFreePort();
    const prismUrl = localUrl('127.0.0.1', prismPort);
    const prism = startPrism(['proxy', relative(ROOT, SPEC), relayUrl.href, '--host', '127.0.0.1', '--port', String(prismPort), '-v', 'warn']);
    const exited = new Promise<number>((resolve) => prism.child.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))));
    // Paths whose upstream call returned 501. Prism logs that before it builds the mock, so the entry is here when the answer arrives.
    const remocked: string[] = [];
    let pending = '';
    prism.child.stdout?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const entry = readPrismLog(line);
        if (entry && 'remocked' in entry) remocked.push(entry.remocked);
        else if (entry) process.stdout.write(`${entry.notice}\n`);
      }
    });

    let checked = 0;
    let broken = 0;
    const server = createServer(
      forwardToPrism({ prismPort, timeoutMs, anyOriginCredentials }, (answered) => {
        const index = remocked.indexOf(new URL(answered.path, 'http://proxy').pathname);
        if (index >= 0) remocked.splice(index, 1);
        const exchange: CheckedExchange =
          index >= 0 && !answered.notChecked
            ? { ...answered, violations: [], notChecked: 'the API answered 501, so Prism sent a mock of the contract instead' }
            : answered;
        if (!exchange.notChecked) checked += 1;
        if (exchange.violations.some((v) => v.severity === 'Error') || !exchange.complete) broken += 1;
        process.stdout.write(`${formatExchange(exchange)}\n`);
      }),
    );
    const closeOne = (one: Server) =>
      new Promise<void>((resolve) => {
        if (!one.listening) return resolve();
        one.close(() => resolve());
        one.closeAllConnections();
      });
    const closeServer = async () => {
      await Promise.all([closeOne(server), closeOne(relay)]);
    };

    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${why}, stopping the proxy: ${count(checked, 'answer')} checked, ${broken} broke the contract.\n`);
      void closeServer();
      void prism.stop();
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(`Received ${signal}`));
    stopWhenOrphaned(() => stop('The process that started the proxy has ended'));

    try {
      await waitForHttp(prismUrl, prism);
      await listenOn(server, host, port);
    } catch (error) {
      await Promise.all([prism.stop(), closeServer()]);
      // Ctrl-C during start-up stops Prism, which then fails the wait: not an error.
      if (stopping) return 0;
      throw error;
    }
    process.stdout.write(banner(url, upstream.href));
    const code = await exited;
    await closeServer();
    if (stopping) return 0;
    throw new ScriptError(`prism stopped unexpectedly (exit code ${code})\n${prism.stdout() + prism.stderr()}`);
  });
}
