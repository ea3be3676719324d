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
import { GENERATED_DIR, ROOT, ScriptError, isEntryPoint, requireFile, runMain } from './lib/project.js';
import { assertPortFree, listenAddress, localUrl, spawnPrism, waitForHttp } from './lib/prism.js';
import { findFreePort } from './lib/ports.js';

const SPEC = join(GENERATED_DIR, 'openapi.json');
// Not 4010, so the proxy can run next to the mock of npm start.
const DEFAULT_PORT = '4020';
const USAGE = 'usage: npm run proxy -- <upstream-url>   (for example: npm run proxy -- https://api.elemente.ai)';
// Prism's own errors (upstream unreachable, redirect loop) are problem+json with one of these types.
const PRISM_PROBLEM_TYPE = /^(https:\/\/stoplight\.io\/prism\/errors#\w+|\w+)$/;
// Hop-by-hop headers belong to one connection; Node sets its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/** One entry of Prism's `sl-violations` header. */
export interface Violation {
  /** Starts with "request" or "response", e.g. ["response", "body", "duration"]. */
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** One request through the proxy, as the report shows it. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  violations: Violation[];
  /** False when Prism cut its list short, or it could not be read. */
  complete: boolean;
  /** Set when the answer came from Prism or this proxy, not from the API: then nothing was checked. */
  notChecked?: string;
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
  if (url.username || url.password) throw new ScriptError(`keep credentials out of the upstream URL; send them with each request (curl -u USER:PASS)\n${USAGE}`);
  // Prism replaces the query with the request's own and never sends a fragment.
  if (url.search || url.hash) throw new ScriptError(`the upstream URL must not have a query or fragment: "${arg}"\n${USAGE}`);
  return url;
}

/**
 * Reads an `sl-violations` header. Prism cuts a value longer than about 8 KB
 * and prefixes it with "Too many violations! "; the entries that arrived whole are kept.
 */
export function parseViolations(header: string | undefined): { violations: Violation[]; complete: boolean } {
  if (!header) return { violations: [], complete: true };
  const cut = 'Too many violations! ';
  const json = header.startsWith(cut) ? `${header.slice(cut.length, header.lastIndexOf('},{') + 1)}]` : header;
  try {
    const violations = JSON.parse(json) as unknown;
    if (Array.isArray(violations)) return { violations: violations as Violation[], complete: json === header };
  } catch {
    // Reported below as an incomplete list.
  }
  return { violations: [], complete: false };
}

/** `response.body.duration: must be integer`, without the words of Prism's message that repeat the location. */
export function describeViolation(violation: Violation): string {
  const [side = '', part, ...path] = violation.location;
  const where = violation.location.join('.') || 'exchange';
  // Prism writes "Response body property duration must be integer" for ["response", "body", "duration"].
  const kind = part === 'body' ? 'property' : 'parameter';
  const repeated = `${side.charAt(0).toUpperCase()}${side.slice(1)} ${part ? `${part} ` : ''}${path.length > 0 ? `${kind} ${path.join('.')} ` : ''}`;
  const message = violation.message.startsWith(repeated) ? violation.message.slice(repeated.length) : violation.message;
  const severity = violation.severity === 'Error' ? '' : ` (${violation.severity.toLowerCase()})`;
  return `${where}: ${message}${severity}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report of one exchange: a summary line, then one indented line per violation. */
export function formatExchange(exchange: Exchange): string {
  const head = `${exchange.method} ${exchange.path} -> ${exchange.status}`;
  if (exchange.notChecked) return `${head}: not checked, ${exchange.notChecked}`;
  const errors = exchange.violations.filter((v) => v.severity === 'Error').length;
  const others = exchange.violations.length - errors;
  const parts = [errors > 0 ? count(errors, 'contract violation') : '', others > 0 ? count(others, 'warning') : ''].filter(Boolean);
  let summary = parts.length > 0 ? parts.join(', ') : 'keeps the contract';
  if (!exchange.complete) summary = `${parts.length > 0 ? `${summary} and more` : 'contract violations'} (Prism's list was cut short or unreadable)`;
  return [`${head}: ${summary}`, ...exchange.violations.map((v) => `    ${describeViolation(v)}`)].join('\n');
}

/** The title of Prism's own error response, or undefined when the answer came from the API. */
export function prismProblem(contentType: string | undefined, body: string): string | undefined {
  if (!contentType?.startsWith('application/problem+json')) return undefined;
  try {
    const problem = JSON.parse(body) as { type?: unknown; title?: unknown };
    if (typeof problem.type === 'string' && typeof problem.title === 'string' && PRISM_PROBLEM_TYPE.test(problem.type)) return problem.title;
  } catch {
    // Not JSON: not one of Prism's errors either.
  }
  return undefined;
}

/** What one line of Prism's log (it runs with `-v warn`) adds to the report. */
export type PrismLogEntry = { notice: string } | { remocked: string } | undefined;

/**
 * Reads one line of Prism's log. Violations come from the header and Prism's
 * failed requests from its answer, so only the rest is shown; an upstream 501
 * is returned as `remocked`, because Prism then answers with a mock made from
 * the contract, which passes every check and says nothing about the API.
 */
export function readPrismLog(line: string): PrismLogEntry {
  const match = /\[[A-Z ]+\]\s+\S+\s+(warning|error|fatal)(?:\s+(.*))?$/.exec(line);
  if (!match) return undefined;
  const [, level = '', text = ''] = match;
  if (text.startsWith('Violation: ') || text.startsWith('Request terminated with error')) return undefined;
  const notImplemented = /^Upstream call to (\S+) has returned 501$/.exec(text);
  if (notImplemented?.[1]) return { remocked: notImplemented[1] };
  return { notice: `prism ${level}: ${text || '(no message)'}` };
}

/** What npm run proxy prints once it answers. */
export function banner(url: string, upstream: string): string {
  return [
    '',
    `Elemente.ai Calls API validation proxy (Prism) is ready at ${url}`,
    `  forwarding to ${upstream} and checking each exchange against generated/openapi.json`,
    '',
    '  Send requests to the proxy instead of the API, with your own credentials:',
    `    curl -u USER:PASS ${url}/api/v1/calls/<id>`,
    '',
    '  The report: one line per request, then one line per contract violation:',
    '    GET /api/v1/calls/<id> -> 200: 1 contract violation',
    '        response.body.duration: must be integer',
    '  "request..." lines fault the request (it is forwarded anyway), "response..." lines the API.',
    "  The API's answer passes through, with the same list in its sl-violations header.",
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}

/** Forwards one request to Prism, reports the exchange, and sends Prism's answer back unchanged. */
function forwardToPrism(prismPort: number, report: (exchange: Exchange) => void) {
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
      reject(error.code === 'EADDRINUSE' ? new ScriptError(`port ${port} on ${host} was taken while Prism started: choose another with PORT=${port + 1}`) : error),
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
    const { host, port } = listenAddress({ ...process.env, PORT: process.env['PORT'] || DEFAULT_PORT });
    await assertPortFree(host, port);
    const url = localUrl(host, port);

    const prismPort = await findFreePort();
    const prismUrl = localUrl('127.0.0.1', prismPort);
    const prism = spawnPrism(['proxy', relative(ROOT, SPEC), upstream.href, '--host', '127.0.0.1', '--port', String(prismPort), '-v', 'warn']);
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
        const exchange: Exchange = index >= 0 && !answered.notChecked ? { ...answered, violations: [], notChecked: 'the API answered 501, so Prism sent a mock of the contract instead' } : answered;
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
    throw new ScriptError(`prism stopped unexpectedly (exit code ${code})\n${prism.output()}`);
  });
}
