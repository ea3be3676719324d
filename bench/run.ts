// npm run bench: the client's cost per call against fetch on loopback
// (tinybench, in rounds, busy rounds dropped), the bundle sizes and the
// type-check cost, written to bench/RESULTS.md. A script, never a test.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { examples } from '../generated/examples.js';
import { run } from '../scripts/lib/run.js';
import { measureSizes, measureTypeCheck, quantile, type Size, type TypeCheckCost } from './static.js';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
/** A round is dropped when other processes used more than this share of one core during it. */
const BUSY_THRESHOLD = 0.1;
/** Rounds stop at this many, or once the time budget below is spent. */
const MAX_ROUNDS = 40;
const PERF_BUDGET_MS = 100_000;
/** Time per task per round: about 1,000 sequential calls, or 60 batches of 32. */
const TASK_MS = 200;
/** tsc's check time varies by a few hundred ms from run to run on a shared machine: the median of 9 runs of each project. */
const TYPECHECK_RUNS = 9;
const TIMEOUT_MS = 30_000;

const fail = (message: string): never => {
  console.error(`bench: ${message}`);
  process.exit(1);
};

if (!existsSync(join(ROOT, 'dist/index.js')) || !existsSync(join(ROOT, 'dist/validation.js')))
  fail('dist/ is not built; run `npx tsup` first (npm run bench does)');
if (!existsSync('/proc/stat')) fail('/proc/stat is missing: the busy-round filter needs Linux');

// The built package, typed by its sources.
const { createCallsClient } = (await import(pathToFileURL(join(ROOT, 'dist/index.js')).href)) as typeof import('../src/index.js');
const { responseValidator } = (await import(pathToFileURL(join(ROOT, 'dist/validation.js')).href)) as typeof import('../src/validation.js');

// ---- the server: one loopback node:http server in this process ----

const call = examples.CallInProgress;
const payload = Buffer.from(JSON.stringify(call));
const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === `/api/v1/calls/${call.id}`) {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.byteLength });
    response.end(payload);
  } else {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404,"message":"not found"}');
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const url = `${origin}/api/v1/calls/${call.id}`;

const username = 'bench-user';
const password = 'bench-password';
const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const client = createCallsClient({ baseUrl: origin, username, password });
const validating = createCallsClient({ baseUrl: origin, username, password, validateResponses: responseValidator });

/** Baseline A: the fair floor for a client that enforces a timeout. */
async function fetchWithTimeout(): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`status ${response.status}`);
  return response.json();
}
/** Baseline B: nothing but fetch and JSON. */
async function bareFetch(): Promise<unknown> {
  return (await fetch(url)).json();
}

const VARIANTS = {
  client: () => client.getCall(call.id),
  'client, validating': () => validating.getCall(call.id),
  'fetch+timeout': fetchWithTimeout,
  'bare fetch': bareFetch,
};
type Variant = keyof typeof VARIANTS;
const IN_FLIGHT = 32;
const GROUPS: Record<string, (fn: () => Promise<unknown>) => () => Promise<unknown>> = {
  sequential: (fn: () => Promise<unknown>) => fn,
  [`${IN_FLIGHT} in flight`]: (fn: () => Promise<unknown>) => () => Promise.all(Array.from({ length: IN_FLIGHT }, fn)),
};

// ---- other processes' CPU, from /proc/stat less this process's own ----

/** Clock ticks per second of /proc/stat; 100, the USER_HZ of every mainstream Linux build, if getconf cannot say. */
const ticksPerSecond = Number((await run('getconf', ['CLK_TCK'])).stdout) || 100;

/** CPU seconds spent by the whole machine, all cores: every field of the `cpu` line but idle and iowait (guest time is already in user). */
function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / ticksPerSecond;
}

interface Round {
  group: string;
  /** Other processes' CPU during the round, as a share of one core. */
  others: number;
  /** Median time per task iteration, in ms. */
  medians: Record<Variant, number>;
}

async function runRound(group: string, index: number): Promise<Round> {
  const wrap = GROUPS[group]!;
  const names = Object.keys(VARIANTS) as Variant[];
  // Alternate the order, so that no variant always runs first or last.
  if (index % 2) names.reverse();
  const bench = new Bench({ time: TASK_MS, iterations: 16, warmup: false, throws: true });
  for (const name of names) bench.add(name, wrap(VARIANTS[name]));
  const wallStart = performance.now();
  const machineStart = machineCpuSeconds();
  const ownStart = process.cpuUsage();
  await bench.run();
  const own = process.cpuUsage(ownStart);
  const machine = machineCpuSeconds() - machineStart;
  const wall = (performance.now() - wallStart) / 1000;
  const medians = {} as Record<Variant, number>;
  for (const task of bench.tasks) {
    const { result } = task;
    if (result.state !== 'completed') throw new Error(`${group} ${task.name}: ${result.state}`);
    medians[task.name as Variant] = result.latency.p50;
  }
  return { group, others: Math.max(0, machine - (own.user + own.system) / 1e6) / wall, medians };
}

// ---- run ----

const started = Date.now();
const loadAtStart = loadavg()[0]!;
console.log(`bench: warming up on ${url}`);
for (const group of Object.keys(GROUPS)) {
  const warm = new Bench({ time: 1000, warmup: false, throws: true });
  for (const [name, fn] of Object.entries(VARIANTS)) warm.add(name, GROUPS[group]!(fn));
  await warm.run();
}

const rounds: Round[] = [];
for (let index = 0; index < MAX_ROUNDS && Date.now() - started < PERF_BUDGET_MS; index += 1) {
  for (const group of Object.keys(GROUPS)) {
    const round = await runRound(group, index);
    rounds.push(round);
    const ratio = round.medians.client / round.medians['fetch+timeout'];
    console.log(
      `round ${index + 1} ${group}: client/fetch+timeout ${ratio.toFixed(3)}x, others ${(round.others * 100).toFixed(0)}% of a core${round.others > BUSY_THRESHOLD ? ' (dropped)' : ''}`,
    );
  }
}
await new Promise<void>((resolve) => server.close(() => resolve()));
const perfSeconds = (Date.now() - started) / 1000;

interface Ratio {
  median: number;
  p10: number;
  kept: number;
  dropped: number;
}
function ratio(group: string, numerator: Variant, denominator: Variant): Ratio {
  const inGroup = rounds.filter((round) => round.group === group);
  const kept = inGroup.filter((round) => round.others <= BUSY_THRESHOLD);
  const ratios = kept.map((round) => round.medians[numerator] / round.medians[denominator]);
  if (ratios.length === 0) fail(`every ${group} round was busy (other processes above ${BUSY_THRESHOLD * 100}% of a core); run again on a quieter machine`);
  return { median: quantile(ratios, 0.5), p10: quantile(ratios, 0.1), kept: kept.length, dropped: inGroup.length - kept.length };
}
const medianMs = (group: string, variant: Variant) =>
  quantile(
    rounds.filter((round) => round.group === group && round.others <= BUSY_THRESHOLD).map((round) => round.medians[variant]),
    0.5,
  );

const SEQ = 'sequential';
const FLIGHT = `${IN_FLIGHT} in flight`;
const perf = {
  seqFair: ratio(SEQ, 'client', 'fetch+timeout'),
  flightFair: ratio(FLIGHT, 'client', 'fetch+timeout'),
  seqBare: ratio(SEQ, 'client', 'bare fetch'),
  flightBare: ratio(FLIGHT, 'client', 'bare fetch'),
  seqValidation: ratio(SEQ, 'client, validating', 'client'),
  flightValidation: ratio(FLIGHT, 'client, validating', 'client'),
};

console.log('bench: sizes and type-check cost');
const temp = mkdtempSync(join(tmpdir(), 'calls-api-bench-'));
let sizes: Size[];
let types: TypeCheckCost;
try {
  sizes = await measureSizes(temp);
  types = await measureTypeCheck(temp, TYPECHECK_RUNS);
} finally {
  rmSync(temp, { recursive: true, force: true });
}

// ---- report ----

const times = (r: Ratio) => `${r.median.toFixed(2)}× (p10 ${r.p10.toFixed(2)}×)`;
const bytes = (n: number) => n.toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : '**missed**');
const core = sizes.find((size) => size.name === 'core')!;
const sizeOf = (name: string) => sizes.find((size) => size.name === name)!;

const targets: Array<[string, string, string, string]> = [
  ['client / fetch+timeout, sequential GET', '≤ 1.05×', times(perf.seqFair), verdict(perf.seqFair.median <= 1.05)],
  ['client / fetch+timeout, 32 in flight', '≤ 1.05×', times(perf.flightFair), verdict(perf.flightFair.median <= 1.05)],
  ['client / bare fetch, sequential GET', 'reported', times(perf.seqBare), 'reported'],
  ['validation on / off', '≤ 1.30×', times(perf.seqValidation), verdict(perf.seqValidation.median <= 1.3)],
  ['core entry, minified bytes', '≤ 10,000', bytes(core.minified), verdict(core.minified <= 10_000)],
  ['core entry, brotli bytes', '≤ 4,000', bytes(core.brotli), verdict(core.brotli <= 4_000)],
  ['type-check instantiations added, skipLibCheck false', '≤ 100', bytes(types.instantiations), verdict(types.instantiations <= 100)],
  ['type-check ms added, skipLibCheck false', '≤ 50', types.checkMs.toFixed(0), verdict(types.checkMs <= 50)],
];
const range = ([middle, low, high]: [number, number, number]) => `${middle.toFixed(0)} ms (${low.toFixed(0)}–${high.toFixed(0)})`;
const cpu = cpus();
const keptRounds = (r: Ratio) => `${r.kept} kept, ${r.dropped} dropped`;
const extra: Array<[string, string]> = [
  ['raw subpath (`createRawClient` + `GET`), minified / brotli bytes', `${bytes(sizeOf('raw').minified)} / ${bytes(sizeOf('raw').brotli)}`],
  [
    'validation subpath (`responseValidator` alone), minified / brotli bytes',
    `${bytes(sizeOf('validation').minified)} / ${bytes(sizeOf('validation').brotli)}`,
  ],
  ['client / bare fetch, 32 in flight', times(perf.flightBare)],
  ['validation on / off, 32 in flight', times(perf.flightValidation)],
  [
    'median time per sequential GET: client / fetch+timeout / bare fetch',
    `${(medianMs(SEQ, 'client') * 1000).toFixed(0)} / ${(medianMs(SEQ, 'fetch+timeout') * 1000).toFixed(0)} / ${(medianMs(SEQ, 'bare fetch') * 1000).toFixed(0)} µs`,
  ],
  ['type-check "Check time", consumer / empty baseline: median (min–max)', `${range(types.spread.consumer)} / ${range(types.spread.baseline)}`],
  [
    'type-check ms: trust',
    [types.spread.consumer, types.spread.baseline].some(([, min, max]) => max - min > 50)
      ? "low: one project's check times spread wider than the 50 ms goal on this machine, so the verdict above can flip from run to run"
      : "each project's check times spread less than the 50 ms goal",
  ],
  ['type-check total time added (median), skipLibCheck false', `${types.totalMs.toFixed(0)} ms (${types.runs} runs of each project)`],
  [
    'machine',
    `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} free); Linux ${release()}; Node ${process.version}`,
  ],
  ['load average (1 min), start / end', `${loadAtStart.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`],
  ['rounds, sequential', keptRounds(perf.seqFair)],
  ['rounds, 32 in flight', keptRounds(perf.flightFair)],
  [
    'busy threshold',
    `a round is dropped when other processes used more than ${BUSY_THRESHOLD * 100}% of one core during it (\`/proc/stat\` less this process's \`process.cpuUsage()\`)`,
  ],
  ['date, duration', `${new Date().toISOString().slice(0, 16)}Z, timing ${perfSeconds.toFixed(0)} s, all ${((Date.now() - started) / 1000).toFixed(0)} s`],
  ['rerun', '`npm run bench` (builds `dist/` with tsup, then runs `bench/run.ts`)'],
];

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const report = [
  row(['figure', 'goal', 'measured', 'verdict']),
  row(['---', '---', '---:', '---']),
  ...targets.map(([figure, ...rest]) => row([`\`${figure}\``, ...rest])),
  '',
  row(['also measured', '']),
  row(['---', '---']),
  ...extra.map((cells) => row(cells)),
  '',
  '# How these are measured',
  '',
  `Written by \`npm run bench\` (\`bench/run.ts\`, \`bench/static.ts\`); run it again rather than edit this file.`,
  '',
  `- **Per call.** One \`node:http\` server in the bench's own process answers \`GET /api/v1/calls/{id}\` on 127.0.0.1 with the \`CallInProgress\` example (${payload.byteLength} bytes, with \`content-length\`). The client is \`createCallsClient\` from the built \`dist/index.js\` with Basic credentials and its default timeout (and, for "validation on", \`validateResponses: responseValidator\` from \`dist/validation.js\`). Baseline "fetch+timeout" is \`fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(${TIMEOUT_MS}) })\` that checks \`ok\` and parses JSON; "bare fetch" is \`(await fetch(url)).json()\`.`,
  `- **Rounds.** After a warm-up, each round runs every variant as a tinybench task for ${TASK_MS} ms, in an order reversed every other round, first one GET at a time, then ${IN_FLIGHT} GETs in flight (\`Promise.all\`), each its own round. A ratio is taken per round from tinybench's median time per iteration; the table gives the median and the p10 of those per-round ratios, over the rounds kept.`,
  `- **Busy rounds.** Before and after each round the bench reads \`/proc/stat\` (all CPUs, everything but idle and iowait) and subtracts its own \`process.cpuUsage()\`: what is left is other processes' CPU. A round where that exceeds ${BUSY_THRESHOLD * 100}% of one core is dropped.`,
  `- **Sizes.** A one-file consumer per entry (core: \`createCallsClient\` + \`getCall\`; raw: \`createRawClient\` + \`GET\`; validation: \`responseValidator\`), importing \`dist/\`, bundled with \`esbuild --bundle --minify --format=esm\` and nothing else; brotli is \`zlib.brotliCompressSync\` at its default quality (11). \`npm run size\` (size-limit) enforces the budgets.`,
  `- **Type-check cost.** Two consumer projects in a temporary directory (strict, \`module: nodenext\`, \`skipLibCheck: false\`, and \`skipDefaultLibCheck: true\`: TypeScript's own lib files are the same in both and their second of checking only adds jitter): one imports \`createCallsClient\` from \`@elemente/calls-api\` (this worktree, linked into its \`node_modules\`) and calls \`getCall\`, the other is empty. Each is checked ${TYPECHECK_RUNS} times with \`tsc --extendedDiagnostics --noEmit\`; the table gives the difference in instantiations and of the median "Check time".`,
  '',
].join('\n');

writeFileSync(join(ROOT, 'bench/RESULTS.md'), report);
console.log(`\n${report.split('\n\n')[0]}\n\nbench: wrote bench/RESULTS.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
