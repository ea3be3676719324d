// npm run bench (tsup, then this): the built client's cost per call against fetch on loopback (tinybench, in
// rounds, busy rounds dropped), sizes and type-check cost (static.ts), the mock bin against Prism alone and against
// itself with --simulate, --latency 0 and --state-file (mock.ts),
// written to bench/RESULTS.md with the method of METHOD.md. Ratios are medians of per-round ratios; nothing is asserted.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, release } from 'node:os';
import { Bench } from 'tinybench';
import { examples } from '../generated/examples.js';
import { median, quantile } from '../scripts/lib/quantile.js';
import { measureMocks } from './mock.js';
import { measureSizes, measureTypeCheck } from './static.js';

const BUSY = 0.1; // a round is dropped when other processes used more than this share of one core during it
const ROUNDS = 31; // of each group, after two warm-up rounds
const TASK_MS = 200; // per variant per round: about 1,000 sequential GETs
const IN_FLIGHT = 32;
const TYPECHECK_RUNS = 9; // of each program: tsc's check time varies by tens of ms from run to run

const DIST = new URL('../dist/', import.meta.url).href; // built by npm run bench
const { createCallsClient } = (await import(`${DIST}index.js`)) as typeof import('../src/index.js');
const { responseValidator } = (await import(`${DIST}validation.js`)) as typeof import('../src/validation.js');
const [started, loadAtStart] = [Date.now(), loadavg()[0] ?? 0];
const [sizes, types] = [measureSizes(), measureTypeCheck(TYPECHECK_RUNS)];

const call = examples.CallInProgress;
const payload = Buffer.from(JSON.stringify(call));
// Any request gets the call: the client is only ever asked for it.
const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length }).end(payload));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const options = { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, username: 'bench-user', password: 'bench-password' };
const url = `${options.baseUrl}/api/v1/calls/${call.id}`;
const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
const [client, validating] = [createCallsClient(options), createCallsClient({ ...options, validateResponses: responseValidator })];
const VARIANTS = {
  client: () => client.getCall(call.id),
  validating: () => validating.getCall(call.id),
  // The fair floor for a client that enforces a timeout; "bare fetch" is nothing but fetch and JSON.
  'fetch+timeout': () =>
    fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(30_000) }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status}`)))),
  'bare fetch': async () => (await fetch(url)).json(),
};
type Variant = keyof typeof VARIANTS;
const GROUPS: Record<string, (fn: () => Promise<unknown>) => () => Promise<unknown>> = {
  'sequential GET': (fn) => fn,
  [`${IN_FLIGHT} GETs in flight`]: (fn) => () => Promise.all(Array.from({ length: IN_FLIGHT }, fn)),
};

/** /proc/stat's `cpu` line, all cores: [busy ticks (all but idle and iowait; guest time is already in user), all ticks]. */
function ticks(): [number, number] {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const all = fields.reduce((sum, field) => sum + field, 0);
  return [all - (fields[3] ?? 0) - (fields[4] ?? 0), all];
}

/** Every variant as a tinybench task, order reversed every other round; `others` is other processes' CPU, in cores. */
async function runRound(group: string, index: number) {
  const bench = new Bench({ time: TASK_MS, iterations: 16, warmup: false, throws: true });
  const names = Object.keys(VARIANTS) as Variant[];
  for (const name of index % 2 ? names.reverse() : names) bench.add(name, GROUPS[group]!(VARIANTS[name]));
  const [[busy, all], own, wall] = [ticks(), process.cpuUsage(), performance.now()];
  await bench.run();
  const [[busyEnd, allEnd], used, seconds] = [ticks(), process.cpuUsage(own), (performance.now() - wall) / 1000];
  // All ticks of the round are cores × seconds × USER_HZ: this is the machine's busy cores, less this process's.
  const others = ((busyEnd - busy) / (allEnd - all)) * cpus().length - (used.user + used.system) / 1e6 / seconds;
  const p50 = Object.fromEntries(bench.tasks.map(({ name, result }) => [name, result.state === 'completed' ? result.latency.p50 : Number.NaN]));
  return { group, others, p50: p50 as Record<Variant, number> };
}

console.log(`bench: per call on ${url}`);
const rounds: Array<Awaited<ReturnType<typeof runRound>>> = [];
for (let index = -2; index < ROUNDS; index += 1) {
  for (const group of Object.keys(GROUPS)) {
    const round = await runRound(group, index);
    if (index >= 0) rounds.push(round);
    console.log(`${group} ${index}: client / fetch+timeout ${(round.p50.client / round.p50['fetch+timeout']).toFixed(3)}×, others ${round.others.toFixed(2)}`);
  }
}
await new Promise((resolve) => server.close(resolve));

// responseValidator's time on invalid lists must grow with their length, not its square: 20,000 items against 10,000, side by side.
const invalidList = (length: number) => Array.from({ length }, (_, index) => ({ ...call, id: index, duration: 'long' }));
const [shortList, longList] = [invalidList(10_000), invalidList(20_000)];
const timed = (body: unknown) => {
  const start = performance.now();
  responseValidator('listCalls', 200, body);
  return performance.now() - start;
};
const listRatios = Array.from({ length: 9 }, () => timed(longList) / timed(shortList));
console.log('bench: the mock bin against prism mock alone');
const mocks = await measureMocks();

const rows: string[][] = [];
const row = (figure: string, goal: string, measured: string, met: boolean | string) =>
  rows.push([figure, goal, measured, met === true ? 'met' : met || '**missed**']);
const kept = (group: string) => rounds.filter((round) => round.group === group && round.others <= BUSY);
const RATIOS = [
  ['client / fetch+timeout', 'client', 'fetch+timeout', 1.1],
  ['client / bare fetch', 'client', 'bare fetch', 0],
  ['validation on / off', 'validating', 'client', 1.3],
] as const;
for (const [figure, top, bottom, goal] of RATIOS) {
  for (const group of Object.keys(GROUPS)) {
    const ratios = kept(group).map((round) => round.p50[top] / round.p50[bottom]);
    const measured = `${median(ratios).toFixed(2)}× (p10 ${quantile(ratios, 0.1).toFixed(2)}×)`;
    row(`${figure}, ${group}`, goal ? `≤ ${goal.toFixed(2)}×` : 'reported', measured, goal ? median(ratios) <= goal : 'reported');
  }
}
row('validating an invalid list, 20,000 / 10,000 items', '≤ 2.50× (linear)', `${median(listRatios).toFixed(2)}×`, median(listRatios) <= 2.5);
const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;
for (const { path, brotli, size, sizeLimit, ...check } of sizes)
  row(`\`${check.import}\` from \`${path}\`, ${brotli === false ? 'minified' : 'brotli'}`, `≤ ${bytes(sizeLimit)}`, bytes(size), size <= sizeLimit);
row('type-check instantiations added, skipLibCheck false', '≤ 100', `${types.instantiations}`, types.instantiations <= 100);
row('type-check time added, skipLibCheck false', '≤ 50 ms', `${types.checkMs} ms`, types.checkMs <= 50);
for (const cells of mocks.rows) row(...cells);

const keptText = Object.keys(GROUPS).map((group) => `${kept(group).length} of ${ROUNDS} ${group}`);
const params: Record<string, unknown> = { ROUNDS, TASK_MS, IN_FLIGHT, BUSY, TYPECHECK_RUNS, BYTES: payload.length, ...mocks.params };
const report = `| figure | goal | measured | verdict |
| --- | --- | ---: | --- |
${rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n')}

Client rounds kept: ${keptText.join(', ')}. Type-check "Check time": ${types.spread}. Mock starts: ${mocks.note}

## Machine

${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Linux ${release()}, Node ${process.version}; load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end; ${new Date().toISOString().slice(0, 16)}Z, ${((Date.now() - started) / 1000).toFixed(0)} s.

${readFileSync(new URL('METHOD.md', import.meta.url), 'utf8').replace(/\{([A-Z_]+)\}/g, (_, key: string) => String(params[key]))}`;
writeFileSync(new URL('RESULTS.md', import.meta.url), report);
console.log(`\n${report.split('\n\n')[0]}\n\nbench: wrote bench/RESULTS.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
