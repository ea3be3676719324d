// The validation proxy (npm run proxy): the real script, run with node and
// tsx, in front of a node:http upstream on loopback; its report is read from
// its stdout. The pure helpers it exports are test/unit/proxy-report.test.ts.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/ports.js';
import { ROOT } from '../../scripts/lib/project.js';
import { loadBundle, readFixture } from '../helpers/contract.js';
import { type FaultServer, reply, startFaultServer } from '../helpers/fault-server.js';
import { type Started, startScript, stopAll, waitFor } from '../helpers/processes.js';

const PUBLISHED_GET = join(ROOT, 'test', 'fixtures', 'published', 'get-call-response.json');
// No ':' in the password: Prism's Basic check rejects one (stoplightio/prism#2814).
const AUTHORIZATION = `Basic ${Buffer.from('tester:secret').toString('base64')}`;

afterAll(stopAll);

/** Runs scripts/proxy.ts as npm run proxy does, with `env` added to this process's environment. */
function runProxy(args: string[], env: Record<string, string> = {}): Started {
  return startScript('proxy.ts', args, env);
}

/** The report block of the request to `path`: its summary line and its violation lines. */
function reportFor(output: string, path: string): { summary: string; violations: string[] } | undefined {
  // Each block is written at once and ends with a newline.
  if (!output.endsWith('\n')) return undefined;
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`GET ${path} -> `));
  if (start < 0) return undefined;
  const violations: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('    ')) break;
    violations.push(line.trim());
  }
  return { summary: lines[start] ?? '', violations };
}

describe('npm run proxy, end to end', () => {
  let upstream: FaultServer;
  let proxy: Started;
  let proxyUrl: string;

  beforeAll(async () => {
    upstream = await startFaultServer();
    const port = await findFreePort();
    proxyUrl = `http://127.0.0.1:${port}`;
    proxy = runProxy([upstream.url], { PORT: String(port), HOST: '127.0.0.1' });
    await waitFor('the banner', () => (proxy.stdout().includes(`ready at ${proxyUrl}`) ? true : undefined), proxy);
  });

  // The proxy itself is stopped by the last test, or else by the afterAll above.
  afterAll(() => upstream?.close());

  /**
   * GETs a fresh call id through the proxy and waits for the report of that
   * request. The id is the test's own: only its request and its report are
   * read, whatever else reaches the upstream or the proxy's output.
   */
  async function getThroughProxy() {
    const path = `/api/v1/calls/${randomUUID()}`;
    const response = await fetch(`${proxyUrl}${path}`, { headers: { authorization: AUTHORIZATION } });
    const body = await response.text();
    const report = await waitFor(`the report of ${path}`, () => reportFor(proxy.stdout(), path), proxy);
    const received = upstream.requests.find((request) => request.url === path);
    return { response, body, report, received };
  }

  it('reports the published Get Call example on duration, agentEmail and customerEmail, and nothing else', async () => {
    upstream.script((_request, res) => {
      // Byte for byte as printed on the published page.
      res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(PUBLISHED_GET));
    });
    const { response, body, report, received } = await getThroughProxy();

    expect(report.summary).toMatch(/ -> 200: 3 contract violations$/);
    expect(report.violations).toEqual([
      'response.body.agentEmail: must match format "email"',
      'response.body.customerEmail: must match format "email"',
      'response.body.duration: must be integer',
    ]);
    // The real answer passes through, and the credentials reach the API.
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toEqual(readFixture('published/get-call-response.json'));
    expect(response.headers.get('sl-violations')).toContain('duration');
    expect(received?.headers.authorization).toBe(AUTHORIZATION);
  });

  it('reports a conforming call (the CallInProgress example) as clean', async () => {
    upstream.script(reply.json(200, loadBundle().components.examples.CallInProgress?.value));
    const { response, report } = await getThroughProxy();

    expect(response.status).toBe(200);
    expect(report.summary).toMatch(/ -> 200: keeps the contract$/);
    expect(report.violations).toEqual([]);
  });

  it("reports a 404 with the contract's error body as clean", async () => {
    upstream.script(reply.json(404, { statusCode: 404, message: 'Call not found', error: 'Not Found' }));
    const { response, report } = await getThroughProxy();

    expect(response.status).toBe(404);
    expect(report.summary).toMatch(/ -> 404: keeps the contract$/);
    expect(report.violations).toEqual([]);
  });

  it('reports a 404 that answers with an HTML page', async () => {
    const page = '<!doctype html><title>Not Found</title><h1>Not Found</h1>';
    upstream.script((_request, res) => {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    const { response, body, report } = await getThroughProxy();

    expect(response.status).toBe(404);
    expect(body).toBe(page);
    expect(report.summary).toMatch(/ -> 404: 2 contract violations$/);
    expect(report.violations).toEqual([
      'response: The received media type "text/html; charset=utf-8" does not match the one specified in the current response: application/json',
      'response.body: must be object',
    ]);
  });

  it('stops cleanly, with its Prism child, on SIGINT, counting every answer it reported', async () => {
    // One answer that keeps the contract and one that breaks it, so that neither count is 0 whatever ran before.
    upstream.script(reply.json(200, loadBundle().components.examples.CallInProgress?.value));
    await getThroughProxy();
    upstream.script(reply.text(404, 'Not Found'));
    await getThroughProxy();
    const reported = proxy
      .stdout()
      .split('\n')
      .filter((line) => /^GET \S+ -> \d{3}: (?!not checked)/.test(line));
    const broke = reported.filter((line) => / -> \d{3}: .*contract violation/.test(line));
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(broke.length).toBeGreaterThanOrEqual(1);

    proxy.child.kill('SIGINT');
    expect(await proxy.exited).toBe(0);
    expect(proxy.stdout()).toContain(`Received SIGINT, stopping the proxy: ${reported.length} answers checked, ${broke.length} broke the contract.`);
    expect(proxy.stderr()).toBe('');
  });
});

describe('npm run proxy, bad input', () => {
  it.each([
    ['no upstream', [], /^error: missing the upstream URL/],
    ['no scheme', ['api.elemente.ai'], /^error: the upstream must be an absolute http\(s\) URL, not "api\.elemente\.ai"$/],
    ['not http(s)', ['ftp://api.elemente.ai'], /^error: the upstream must be an absolute http\(s\) URL, not "ftp:\/\/api\.elemente\.ai"$/],
    ['not a URL', ['http://'], /^error: the upstream must be an absolute http\(s\) URL, not "http:\/\/"$/],
  ])('%s: one error line, the usage line, exit code 1', async (_case, args, error) => {
    const run = runProxy(args, { PORT: String(await findFreePort()) });
    expect(await run.exited).toBe(1);
    const lines = run.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(error);
    expect(lines[1]).toMatch(/^usage: npm run proxy -- <upstream-url>/);
    expect(run.stdout()).toBe('');
  });

  it('a taken port: one error line, exit code 1', async () => {
    const holder = createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const run = runProxy(['http://127.0.0.1:9'], { PORT: String(port), HOST: '127.0.0.1' });
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toBe(`error: port ${port} on 127.0.0.1 is already in use: stop what uses it, or choose another with PORT=${port + 1}\n`);
      expect(run.stdout()).toBe('');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
