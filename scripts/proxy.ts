// npm run proxy -- <upstream-url>: checks a live Calls API against the
// contract. Send requests to http://127.0.0.1:4020 instead of the API; each
// one is forwarded, and the proxy prints whether the exchange keeps the contract.
//   npm run proxy -- https://api.elemente.ai
//   PORT=4021 HOST=0.0.0.0 npm run proxy -- https://api.elemente.ai
//
// Design: two hops on this machine.
//   client -> report server (node:http, HOST:PORT) -> `prism proxy` (127.0.0.1, a free port) -> upstream
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
import { join, relative } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { findFreePort } from './lib/ports.js';
import { assertPortFree, listenAddress, localUrl, startPrism, waitForHttp } from './lib/prism.js';
import { GENERATED_DIR, isEntryPoint, ROOT, requireFile, runMain, ScriptError } from './lib/project.js';
import { banner, type CheckedExchange, count, formatExchange, parseViolations, prismProblem, readPrismLog } from './lib/proxy-report.js';

const SPEC = join(GENERATED_DIR, 'openapi.json');
// Not 4010, so the proxy can run next to the mock of npm start.
const DEFAULT_PORT = '4020';
const USAGE = 'usage: npm run proxy -- <upstream-url>   (for example: npm run proxy -- https://api.elemente.ai)';
// Hop-by-hop headers belong to one connection; Node sets its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

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
function forwardToPrism(prismPort: number, report: (exchange: CheckedExchange) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const failed = (reason: string) => {
      report({ method, path, status: 502, violations: [], complete: true, notChecked: reason });
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`validation proxy: ${reason}\n`);
    };
    const toPrism = httpRequest({ host: '127.0.0.1', port: prismPort, method, path, headers: req.headers }, (answer) => {
      buffer(answer).then(
        (body) => {
          const status = answer.statusCode ?? 502;
          const header = answer.headers['sl-violations'];
          const { violations, complete } = parseViolations(Array.isArray(header) ? header.join(',') : header);
          const problem = header ? undefined : prismProblem(answer.headers['content-type'], body.toString('utf8'));
          report({ method, path, status, violations, complete, ...(problem ? { notChecked: `Prism answered instead of the API: ${problem}` } : {}) });
          const headers: string[] = [];
          for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
            const [name = '', value = ''] = [answer.rawHeaders[i], answer.rawHeaders[i + 1]];
            if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, value);
          }
          res.writeHead(status, answer.statusMessage, headers).end(body);
        },
        (error: Error) => failed(`Prism's answer broke off (${error.message})`),
      );
    });
    toPrism.on('error', (error: NodeJS.ErrnoException) => failed(`Prism did not answer (${error.code ?? error.message})`));
    req.on('error', () => toPrism.destroy());
    req.pipe(toPrism);
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new ScriptError(`port ${port} on ${host} was taken while Prism started: choose another with PORT=${port + 1}`) : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

function readUpstreamArgument(): string | undefined {
  try {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    if (positionals.length > 1) throw new ScriptError(`expected one upstream URL, got ${positionals.length} arguments\n${USAGE}`);
    return positionals[0];
  } catch (error) {
    if (error instanceof ScriptError) throw error;
    throw new ScriptError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const upstream = parseUpstream(readUpstreamArgument());
    requireFile(SPEC, 'run npm run generate first');
    const { host, port } = listenAddress({ ...process.env, PORT: process.env.PORT || DEFAULT_PORT });
    await assertPortFree(host, port);
    const url = localUrl(host, port);

    const prismPort = await findFreePort();
    const prismUrl = localUrl('127.0.0.1', prismPort);
    const prism = startPrism(['proxy', relative(ROOT, SPEC), upstream.href, '--host', '127.0.0.1', '--port', String(prismPort), '-v', 'warn']);
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
      forwardToPrism(prismPort, (answered) => {
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
    const closeServer = () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });

    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\nReceived ${signal}, stopping the proxy: ${count(checked, 'answer')} checked, ${broken} broke the contract.\n`);
      void closeServer();
      void prism.stop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);

    try {
      await waitForHttp(prismUrl, prism);
      await listen(server, host, port);
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
