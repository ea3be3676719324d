// The validation proxy's report: reading what Prism found in one exchange
// (its `sl-violations` header, its own problem answers, its log lines) and
// writing it as the lines npm run proxy prints. Pure functions, unit tested;
// scripts/proxy.ts runs the servers.

// Prism's own errors (upstream unreachable, redirect loop) are problem+json with one of these types.
const PRISM_PROBLEM_TYPE = /^(https:\/\/stoplight\.io\/prism\/errors#\w+|\w+)$/;

/** One entry of Prism's `sl-violations` header. */
export interface Violation {
  /** Starts with "request" or "response", e.g. ["response", "body", "duration"]. */
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** One request through the proxy, as the report shows it. */
export interface CheckedExchange {
  method: string;
  path: string;
  status: number;
  violations: Violation[];
  /** False when Prism cut its list short, or it could not be read. */
  complete: boolean;
  /** Set when the answer came from Prism or this proxy, not from the API: then nothing was checked. */
  notChecked?: string;
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

export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report of one exchange: a summary line, then one indented line per violation. */
export function formatExchange(exchange: CheckedExchange): string {
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
