// Part 1: what the client costs per call over raw fetch, against a node:http
// server on loopback that answers with the contract's example call.
//
// Four variants share one process and the global fetch (undici, keep-alive
// on): raw fetch + JSON.parse, bare openapi-fetch, our client with defaults,
// and our client with validateResponses. They run interleaved in rounds, in
// a rotating order, so that noise from the rest of the machine hits every
// variant alike; each ratio is the median of the per-round ratios.
import { deepStrictEqual } from 'node:assert/strict';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import createClient from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { ROOT } from '../scripts/lib/project.js';
import { VERSION } from '../src/version.js';
import { readExampleCall, startExampleServer } from './lib/example-server.js';
import type { Figure, PartResult } from './lib/figure.js';
import { formatValue } from './lib/report.js';
import { profileCpu, type ProfileSummary } from './lib/profile.js';
import { median, pairwiseRatios, summarize } from './lib/stats.js';

const SEQUENTIAL_CALLS = 400;
const CONCURRENT_CALLS = 1000;
const IN_FLIGHT = 32;
const ROUNDS = 21;
/** Fewer rounds than this make the median of per-round ratios too coarse to compare with 1.10. */
const MIN_ROUNDS = 7;
/** Rounds stop early once this is spent (a loaded machine), as long as MIN_ROUNDS ran. */
const TIME_BUDGET_MS = 60_000;
/** Enough for the JIT to settle and for the validator to compile its schema on first use. */
const WARM_UP_CALLS = 500;
const PROFILE_CALLS = 3000;

const USERNAME = 'bench';
const PASSWORD = 'bench-secret';

type Call = () => Promise<unknown>;

interface Variant {
  name: string;
  call: Call;
  target?: number;
}

type Mode = 'sequential' | 'concurrent';

async function runSequential(call: Call, calls: number): Promise<void> {
  for (let index = 0; index < calls; index += 1) await call();
}

/** `calls` calls, `IN_FLIGHT` at a time. */
async function runConcurrent(call: Call, calls: number): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started += 1;
      await call();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

interface BatchTime {
  /** Wall time per call, in microseconds. */
  wallUs: number;
  /** CPU time of this process per call (process.cpuUsage, user + system), in microseconds: less moved by other work on the machine. */
  cpuUs: number;
}

async function timeBatch(mode: Mode, call: Call): Promise<BatchTime> {
  const calls = mode === 'sequential' ? SEQUENTIAL_CALLS : CONCURRENT_CALLS;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await (mode === 'sequential' ? runSequential(call, calls) : runConcurrent(call, calls));
  const wallUs = ((performance.now() - started) * 1000) / calls;
  const { user, system } = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (user + system) / calls };
}

async function createVariants(baseUrl: string, id: string): Promise<Variant[]> {
  // The built package, as users run it; the type is the source's, so that tsc does not need dist/.
  const { createCallsClient } = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as typeof import('../src/index.js');
  // The same request headers for all four, so that they put the same bytes on the wire.
  const headers = {
    authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`,
    accept: 'application/json',
    'user-agent': `@elemente/calls-api/${VERSION}`,
  };
  const url = `${baseUrl}/api/v1/calls/${id}`;
  const bare = createClient<paths>({ baseUrl, headers });
  const ours = createCallsClient({ baseUrl, username: USERNAME, password: PASSWORD });
  const validating = createCallsClient({ baseUrl, username: USERNAME, password: PASSWORD, validateResponses: true });
  return [
    {
      name: 'raw fetch + JSON.parse',
      async call() {
        const response = await fetch(url, { headers });
        if (!response.ok) throw new Error(`raw fetch: ${response.status}`);
        return JSON.parse(await response.text()) as unknown;
      },
    },
    {
      name: 'bare openapi-fetch',
      async call() {
        const { data, error } = await bare.GET('/api/v1/calls/{id}', { params: { path: { id } } });
        if (error !== undefined || data === undefined) throw new Error('bare openapi-fetch: no data');
        return data;
      },
    },
    { name: 'our client, defaults', call: () => ours.getCall(id), target: 1.1 },
    { name: 'our client, validateResponses', call: () => validating.getCall(id), target: 1.5 },
  ];
}

function profileTable(variants: readonly Variant[], profiles: readonly ProfileSummary[]): string {
  const ours = profiles[2]!;
  const raw = profiles[0]!;
  const areas = [...new Set(profiles.flatMap((profile) => [...profile.areas.keys()]))].sort(
    (a, b) => (ours.areas.get(b) ?? 0) - (ours.areas.get(a) ?? 0),
  );
  const perCall = (us: number) => formatValue(us / PROFILE_CALLS, 'us');
  const rows = areas.map((area) => `| ${area} | ${profiles.map((profile) => perCall(profile.areas.get(area) ?? 0)).join(' | ')} | ${perCall((ours.areas.get(area) ?? 0) - (raw.areas.get(area) ?? 0))} |`);
  return [
    `| CPU per call, by area | ${variants.map((variant) => variant.name).join(' | ')} | ours − raw |`,
    `| --- | ${variants.map(() => '---:').join(' | ')} | ---: |`,
    ...rows,
    `| **all (idle excluded)** | ${profiles.map((profile) => `**${perCall(profile.busyUs)}**`).join(' | ')} | **${perCall(ours.busyUs - raw.busyUs)}** |`,
  ].join('\n');
}

/** CPU time per call by variant and mode, with the ratio to raw fetch of the same round. */
function cpuTable(variants: readonly Variant[], cpuSamples: Map<Mode, number[][]>): string {
  const modes = [...cpuSamples.keys()];
  const rows = variants.map((variant, index) => {
    const cells = modes.map((mode) => {
      const perVariant = cpuSamples.get(mode)!;
      const ratio = index === 0 ? 'baseline' : formatValue(median(pairwiseRatios(perVariant[index]!, perVariant[0]!)), 'x');
      return `${formatValue(median(perVariant[index]!), 'us')} | ${ratio}`;
    });
    return `| ${variant.name} | ${cells.join(' | ')} |`;
  });
  return [
    `| CPU time of this process per call (median) | ${modes.map((mode) => `${mode} | ratio`).join(' | ')} |`,
    `| --- | ${modes.map(() => '---: | ---:').join(' | ')} |`,
    ...rows,
  ].join('\n');
}

/** The areas that add most CPU per call to our client over raw fetch, as a sentence. */
function largestDifferences(ours: ProfileSummary, raw: ProfileSummary): string {
  const differences = [...new Set([...ours.areas.keys(), ...raw.areas.keys()])]
    .map((area) => ({ area, us: ((ours.areas.get(area) ?? 0) - (raw.areas.get(area) ?? 0)) / PROFILE_CALLS }))
    .sort((a, b) => b.us - a.us)
    .slice(0, 4);
  return differences.map(({ area, us }) => `${area} +${formatValue(us, 'us')}`).join(', ');
}

function topFrames(name: string, profile: ProfileSummary): string {
  const rows = profile.frames
    .slice(0, 15)
    .map((frame) => `| ${frame.frame.replace(/\|/g, '\\|')} | ${frame.area} | ${formatValue(frame.selfUs / PROFILE_CALLS, 'us')} | ${((frame.selfUs / profile.busyUs) * 100).toFixed(1)}% |`);
  return [`Top frames by self time, ${name}:`, '', '| frame | area | self time per call | share |', '| --- | --- | ---: | ---: |', ...rows].join('\n');
}

export async function runClientOverhead(): Promise<PartResult> {
  const example = readExampleCall();
  const server = await startExampleServer();
  try {
    const variants = await createVariants(server.url, example.id);
    for (const variant of variants) {
      // Every variant must return the example, or it would be timing a different job.
      deepStrictEqual(await variant.call(), example, `${variant.name} did not return the example call`);
      await runSequential(variant.call, WARM_UP_CALLS);
      await runConcurrent(variant.call, WARM_UP_CALLS);
    }

    const modes: Mode[] = ['sequential', 'concurrent'];
    const samples = new Map(modes.map((mode) => [mode, variants.map((): number[] => [])]));
    const cpuSamples = new Map(modes.map((mode) => [mode, variants.map((): number[] => [])]));
    const started = performance.now();
    let rounds = 0;
    while (rounds < ROUNDS && (rounds < MIN_ROUNDS || performance.now() - started < TIME_BUDGET_MS)) {
      // Rotate who goes first: the first batch of a round may meet a colder CPU cache or a pending GC.
      const order = variants.map((_, index) => (index + rounds) % variants.length);
      for (const mode of modes) {
        for (const index of order) {
          const { wallUs, cpuUs } = await timeBatch(mode, variants[index]!.call);
          samples.get(mode)![index]!.push(wallUs);
          cpuSamples.get(mode)![index]!.push(cpuUs);
        }
      }
      rounds += 1;
    }

    const figures: Figure[] = modes.flatMap((mode) => {
      const perVariant = samples.get(mode)!;
      const baseline = perVariant[0]!;
      const label = mode === 'sequential' ? `${SEQUENTIAL_CALLS} sequential` : `${CONCURRENT_CALLS} calls, ${IN_FLIGHT} in flight`;
      return variants.map((variant, index): Figure => {
        const ratio = index === 0 ? 1 : median(pairwiseRatios(perVariant[index]!, baseline));
        return {
          name: `${variant.name} (${label})`,
          unit: 'us',
          summary: summarize(perVariant[index]!),
          ratio: index === 0 ? 'baseline' : ratio,
          target: variant.target === undefined ? undefined : { text: `<= ${variant.target.toFixed(2)}x raw fetch`, limit: variant.target, actual: ratio, unit: 'x' },
        };
      });
    });

    const profiles: ProfileSummary[] = [];
    for (const variant of variants) profiles.push(await profileCpu(() => runSequential(variant.call, PROFILE_CALLS)));

    const missed = figures.flatMap((figure, index) => (figure.target && figure.target.actual > figure.target.limit ? [index % variants.length] : []));
    const oursOverBare = modes.map((mode) => {
      const perVariant = samples.get(mode)!;
      return `${mode} ${formatValue(median(pairwiseRatios(perVariant[2]!, perVariant[1]!)), 'x')}, with validation ${formatValue(median(pairwiseRatios(perVariant[3]!, perVariant[1]!)), 'x')}`;
    });
    return {
      title: 'Client overhead per call',
      method:
        `\`GET /api/v1/calls/{id}\` against a \`node:http\` server on loopback (a child process) that answers with \`components.examples.CallInProgress.value\`. ` +
        `${rounds} rounds; in each, every variant makes ${SEQUENTIAL_CALLS} sequential calls, then ${CONCURRENT_CALLS} calls with ${IN_FLIGHT} in flight, in an order that rotates each round. ` +
        `Each sample is the wall time of a batch divided by its calls; each variant first made ${WARM_UP_CALLS} sequential and ${WARM_UP_CALLS} concurrent calls to warm up (the validator compiles its schema then). ` +
        'All four use the global fetch (undici, keep-alive) and send the same headers; our client is `dist/index.js`.',
      figures,
      notes: [
        `Our client over bare openapi-fetch (median of per-round ratios): ${oursOverBare.join('; ')}.`,
        'The same batches measured in CPU time of this process rather than wall time (the server runs in its own process, so this is the client side alone, and other work on the machine moves it less):',
        cpuTable(variants, cpuSamples),
        `CPU profile of ${PROFILE_CALLS} sequential calls per variant (the inspector's sampling profiler at 100 µs, as \`node --cpu-prof\`), self time per call by area. ` +
          'The wall time per call above also holds the server and the wait on loopback, which this process spends idle.',
        profileTable(variants, profiles),
        `Where our client (defaults) spends more CPU than raw fetch, largest first: ${largestDifferences(profiles[2]!, profiles[0]!)} per call.`,
        ...[...new Set(missed)].map((index) => topFrames(variants[index]!.name, profiles[index]!)),
      ],
    };
  } finally {
    await server.close();
  }
}
