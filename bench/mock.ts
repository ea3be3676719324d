// Part 5: the Prism mock that `npm start` runs. Time from spawn to the first
// answer, then requests per second and latency under autocannon at 1 and 10
// connections, at Prism's default log level (what npm start uses) and quiet.
//
// Prism's log goes to a file, not a pipe: like a terminal (what npm start
// writes to), a file makes Node write stdout synchronously, so Prism pays
// for its logging as it would in front of a developer.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PRISM_BIN } from '../scripts/lib/prism.js';
import { ROOT } from '../scripts/lib/project.js';
import type { Figure, PartResult } from './lib/figure.js';
import { findFreePort } from '../scripts/lib/ports.js';
import { runLoad, type Load } from './lib/load.js';
import { formatValue } from './lib/report.js';
import { median, pairwiseRatios, summarize } from './lib/stats.js';

const ROUNDS = 3;
const CONNECTIONS = [1, 10] as const;
const DURATION_S = 5;
/** Prism compiles its validators and V8 its hot paths on the first requests; these are not measured. */
const WARM_UP_S = 2;
const START_TIMEOUT_MS = 60_000;
/** How often the start-up probe asks; the start-up time is good to this much. */
const PROBE_INTERVAL_MS = 20;

/** The same spec and flags as scripts/mock.ts (npm start): the bundled spec and --errors. */
const MOCK_ARGS = ['mock', 'generated/openapi.json', '--errors'];
const CALL_PATH = '/api/v1/calls/123e4567-e89b-12d3-a456-426614174000';
// Prism refuses a Basic password with ':' in it (stoplightio/prism#2814); this one has none.
const AUTHORIZATION = `Basic ${Buffer.from('demo:demo').toString('base64')}`;

interface Level {
  key: 'default' | 'quiet';
  label: string;
  args: string[];
}

const LEVELS: Level[] = [
  { key: 'quiet', label: 'quiet (-v error)', args: ['-v', 'error'] },
  { key: 'default', label: 'default logging (info, as npm start)', args: [] },
];

interface RoundResult {
  startupMs: number;
  loads: Map<number, Load>;
  logBytes: number;
  logLines: number;
  requests: number;
}

function load(url: string, connections: number, seconds: number): Promise<Load> {
  return runLoad({ url, connections, duration: seconds, headers: { authorization: AUTHORIZATION } });
}

/** Spawns Prism, measures spawn to the first 200 for the example call, runs the loads, stops it. */
async function measureRound(level: Level, logFile: string): Promise<RoundResult> {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, [PRISM_BIN, ...MOCK_ARGS, '--host', '127.0.0.1', '--port', String(port), ...level.args], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    // As spawnPrism: not production, which would turn on Prism's multiprocess mode.
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0' },
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let startupMs: number | undefined;
    let probes = 0;
    while (startupMs === undefined) {
      if (child.exitCode !== null) throw new Error(`prism exited with code ${child.exitCode} before answering:\n${await readFile(logFile, 'utf8')}`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`prism did not answer within ${START_TIMEOUT_MS / 1000} s`);
      try {
        probes += 1;
        const response = await fetch(`${base}${CALL_PATH}`, { headers: { authorization: AUTHORIZATION }, signal: AbortSignal.timeout(5000) });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`prism answered the example call with ${response.status}`);
        startupMs = performance.now() - started;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('prism answered')) throw error;
        await sleep(PROBE_INTERVAL_MS);
      }
    }
    const warmUp = await load(`${base}${CALL_PATH}`, 10, WARM_UP_S);
    const loads = new Map<number, Load>();
    for (const connections of CONNECTIONS) loads.set(connections, await load(`${base}${CALL_PATH}`, connections, DURATION_S));
    const requests = 1 + warmUp.requests + [...loads.values()].reduce((total, load) => total + load.requests, 0);
    child.kill('SIGTERM');
    await exited;
    const text = await readFile(logFile, 'utf8');
    return { startupMs, loads, logBytes: Buffer.byteLength(text), logLines: text.split('\n').length - 1, requests: requests + probes - 1 };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  }
}

/** What scripts/mock.ts passes to Prism, so that the note on npm start describes the script as it is, not as it was. */
async function npmStartFlags(): Promise<{ errors: boolean; setsLevel: boolean }> {
  const source = await readFile(join(ROOT, 'scripts', 'mock.ts'), 'utf8');
  return { errors: source.includes("'--errors'"), setsLevel: /'-v'|'--verboseLevel'/.test(source) };
}

export async function runMock(): Promise<PartResult> {
  const npmStart = await npmStartFlags();
  const logs = await mkdtemp(join(tmpdir(), 'calls-api-bench-prism-'));
  const results = new Map(LEVELS.map((level) => [level.key, [] as RoundResult[]]));
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? LEVELS : [...LEVELS].reverse();
      for (const level of order) results.get(level.key)!.push(await measureRound(level, join(logs, `prism-${level.key}-${round}.log`)));
    }
  } finally {
    await rm(logs, { recursive: true, force: true });
  }
  const quiet = results.get('quiet')!;
  const loud = results.get('default')!;
  const figures: Figure[] = [];
  const pair = (name: string, unit: 'ms' | 'req/s', pick: (round: RoundResult) => number) => {
    const baseline = quiet.map(pick);
    const measured = loud.map(pick);
    figures.push(
      { name: `${name}, ${LEVELS[0]!.label}`, unit, summary: summarize(baseline), ratio: 'baseline' },
      { name: `${name}, ${LEVELS[1]!.label}`, unit, summary: summarize(measured), ratio: median(pairwiseRatios(measured, baseline)) },
    );
  };
  pair('start-up to first answer', 'ms', (round) => round.startupMs);
  for (const connections of CONNECTIONS) {
    const loadOf = (round: RoundResult) => round.loads.get(connections)!;
    pair(`requests/s, ${connections} connection${connections > 1 ? 's' : ''}`, 'req/s', (round) => loadOf(round).requestsPerSecond);
    pair(`p50 latency, ${connections} connection${connections > 1 ? 's' : ''}`, 'ms', (round) => loadOf(round).p50Ms);
    pair(`p99 latency, ${connections} connection${connections > 1 ? 's' : ''}`, 'ms', (round) => loadOf(round).p99Ms);
  }

  const perRequest = (rounds: readonly RoundResult[], key: 'logBytes' | 'logLines') => median(rounds.map((round) => round[key] / round.requests));
  const cost = CONNECTIONS.map((connections) => {
    const rps = (rounds: readonly RoundResult[]) => rounds.map((round) => round.loads.get(connections)!.requestsPerSecond);
    const ratio = median(pairwiseRatios(rps(loud), rps(quiet)));
    return `${formatValue(median(rps(loud)), 'req/s')} instead of ${formatValue(median(rps(quiet)), 'req/s')} at ${connections} connection${connections > 1 ? 's' : ''} (${((1 - ratio) * 100).toFixed(0)}% fewer)`;
  });
  return {
    title: 'Mock (Prism)',
    method:
      `\`prism ${MOCK_ARGS.join(' ')}\` on 127.0.0.1 (the spec and flags of \`npm start\`), its log written to a file, which Node writes to synchronously as it does to the terminal \`npm start\` prints to. ` +
      `${ROUNDS} rounds; in each, for each log level in alternating order: start Prism, time spawn to the first 200 for \`GET ${CALL_PATH}\` (probing every ${PROBE_INTERVAL_MS} ms), ` +
      `warm up with autocannon (10 connections, ${WARM_UP_S} s), then autocannon ${DURATION_S} s at each of ${CONNECTIONS.join(' and ')} connections, sending valid Basic credentials; every answer was a 200. ` +
      'autocannon runs in the benchmark process (Prism in its own); latency percentiles are computed from every response time it reports, to the microsecond. ' +
      'The ratio is to quiet logging. There are no targets for this part.',
    figures,
    notes: [
      `Log volume: at the default level Prism wrote ${formatValue(perRequest(loud, 'logBytes'), 'B')} (${perRequest(loud, 'logLines').toFixed(1)} lines) per request; with \`-v error\`, ${formatValue(perRequest(quiet, 'logBytes'), 'B')}.`,
      npmStart.setsLevel
        ? `**What \`npm start\` uses.** scripts/mock.ts now passes Prism a log level of its own (see the script for which and why). Measured cost of Prism's default \`info\` logging: ${cost.join('; ')}.`
        : '**What `npm start` uses, and why.** `npm start` (scripts/mock.ts) runs Prism at its default `info` level: whoever runs the mock sees every request it answers and every contract violation it finds, ' +
          'which is what a contract mock is for while a client is being written against it. ' +
          `Measured cost of that logging: ${cost.join('; ')}. ` +
          'A developer clicking through an app, or a test suite sending requests one after another, stays far below either rate, so the logging stays on; ' +
          'a load test against the mock would pass `-v error` to Prism.',
      ...(npmStart.errors ? [] : ['**Note:** scripts/mock.ts no longer passes `--errors`; this part still does, so it no longer measures exactly what `npm start` runs.']),
    ],
  };
}
