// The mock bin against `prism mock` alone, side by side in one run: the time from spawn to the first correct answer, and
// autocannon's 2xx requests/s and p99 latency. Each mock leads its own process group (the bin's Prism is in it), always stopped.
import { spawn } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import autocannon from 'autocannon';
import { findFreePort } from '../scripts/lib/ports.js';
import { median } from './static.js';

const ID = '123e4567-e89b-12d3-a456-426614174000';
const headers = { authorization: 'Basic ZGVtbzpkZW1v' }; // demo:demo
const MOCK = { STARTS: 5, LOAD_ROUNDS: 7, SECONDS: 3, CONNECTIONS: 10, GRACE_S: 3, START_TIMEOUT_S: 60 };
const COMMANDS = {
  bin: ['bin/elemente-calls-mock.js', '--port'],
  prism: ['node_modules/@stoplight/prism-cli/dist/index.js', 'mock', 'generated/openapi.json', '--errors', '--host', '127.0.0.1', '--port'],
};
type Mock = keyof typeof COMMANDS;
const MOCKS = Object.keys(COMMANDS) as Mock[];
type Server = { port: number; since: number; exitCode: () => number | null };
/** `ms` from spawn to the first 200 whose JSON `id` is the call's (NaN if none came); `wrong`, what came first if anything else did. */
type Start = { ms: number; wrong: string | undefined; wrongMs: number };
type Load = { rps: number; p99: number; bad: number };

const live = new Set<number>();
const signal = (pid: number, name: NodeJS.Signals) => {
  try {
    process.kill(-pid, name);
  } catch {} // ESRCH: the whole group is gone already
};
process.once('exit', () => {
  for (const pid of live) signal(pid, 'SIGKILL');
});
for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => process.exit(1));

/** Runs `use` with the mock started on a free port, then stops its group: SIGTERM, SIGKILL after a grace, and SIGKILL to what outlived it. */
async function withMock<T>(mock: Mock, use: (server: Server) => Promise<T>): Promise<T> {
  const [port, env] = [await findFreePort(), { ...process.env, NODE_ENV: 'development' }]; // production: Prism's cluster mode
  const since = performance.now();
  const child = spawn(process.execPath, [...COMMANDS[mock], String(port)], { cwd: new URL('..', import.meta.url), env, detached: true, stdio: 'ignore' });
  const [pid, exited] = [child.pid ?? 0, new Promise((resolve) => child.once('exit', resolve))];
  if (pid <= 0) throw new Error(`could not start ${mock}`);
  live.add(pid);
  try {
    return await use({ port, since, exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null) });
  } finally {
    signal(pid, 'SIGTERM');
    const timer = setTimeout(() => signal(pid, 'SIGKILL'), MOCK.GRACE_S * 1000);
    await exited;
    clearTimeout(timer);
    signal(pid, 'SIGKILL');
    live.delete(pid);
  }
}

/** Asks for the call again and again, with no pause but a turn of the event loop; a refused connection means not yet. */
async function firstCall({ port, since, exitCode }: Server): Promise<Start> {
  const start: Start = { ms: Number.NaN, wrong: undefined, wrongMs: Number.NaN };
  while (exitCode() === null && performance.now() - since < MOCK.START_TIMEOUT_S * 1000) {
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/calls/${ID}`, { headers, signal: AbortSignal.timeout(5_000) }).then(
      async (response) => ({ status: response.status, body: await response.clone().text(), json: await response.json().catch(() => null) }),
      () => undefined,
    );
    if (answer?.status === 200 && answer.json?.id === ID) return { ...start, ms: performance.now() - since };
    if (answer && !start.wrong) Object.assign(start, { wrong: `${answer.status} \`${answer.body.slice(0, 120)}\``, wrongMs: performance.now() - since });
    await nextTurn();
  }
  return { ...start, wrong: start.wrong ?? (exitCode() === null ? `no answer in ${MOCK.START_TIMEOUT_S} s` : `an exit, code ${exitCode()}`) };
}

/** Requests/s counts 2xx responses only; `bad` counts the other responses, errors and timeouts. */
async function load(port: number, duration: number): Promise<Load> {
  const url = `http://127.0.0.1:${port}/api/v1/calls/${ID}`;
  const result = await autocannon({ url, connections: MOCK.CONNECTIONS, duration, headers });
  return { rps: result['2xx'] / result.duration, p99: result.latency.p99, bad: result.non2xx + result.errors + result.timeouts };
}

/** Startup: bin and prism in turn, each stopped before the next. Throughput: both running and warmed up, the order swapped every other round. */
export async function measureMocks() {
  const starts: Record<Mock, Start[]> = { bin: [], prism: [] };
  for (let index = 0; index < MOCK.STARTS; index += 1) for (const mock of MOCKS) starts[mock].push(await withMock(mock, firstCall));
  const loads = await withMock('bin', (bin) =>
    withMock('prism', async (prism) => {
      for (const server of [bin, prism]) {
        const { ms, wrong } = await firstCall(server);
        if (Number.isNaN(ms)) throw new Error(`a mock did not start for the throughput rounds: ${wrong}`);
        await load(server.port, MOCK.SECONDS);
      }
      const rounds: Array<Record<Mock, Load>> = [];
      for (let index = 0; index < MOCK.LOAD_ROUNDS; index += 1) {
        const round = {} as Record<Mock, Load>;
        for (const mock of index % 2 ? [...MOCKS].reverse() : MOCKS) round[mock] = await load({ bin, prism }[mock].port, MOCK.SECONDS);
        rounds.push(round);
        console.log(`mock throughput, round ${index}: bin ${round.bin.rps.toFixed(0)}/s, prism ${round.prism.rps.toFixed(0)}/s`);
      }
      return rounds;
    }),
  );

  const ms = (n = Number.NaN) => (Number.isNaN(n) ? 'none' : `${n.toFixed(0)} ms`);
  const wrong = MOCKS.flatMap((mock) => starts[mock].filter((start) => start.wrong).map((start) => ({ mock, ...start })));
  const [bin = Number.NaN, prism = Number.NaN] = MOCKS.map((mock) => median(starts[mock].filter((start) => !start.wrong).map((start) => start.ms)));
  const of = (key: 'rps' | 'p99') => MOCKS.map((mock) => median(loads.map((round) => round[mock][key])).toFixed(0)).join(' / ');
  const ratios = loads.map((round) => round.bin.rps / round.prism.rps);
  const [rps, low, high] = [median(ratios), Math.min(...ratios), Math.max(...ratios)];
  const bad = MOCKS.map((mock) => loads.reduce((sum, round) => sum + round[mock].bad, 0));
  const startMet = wrong.length ? `**invalid**: ${wrong.length} of ${MOCK.STARTS * 2} starts answered wrong first` : bin - prism <= 100;
  const rpsMet = bad.some(Boolean) ? `**invalid**: non-2xx, errors or timeouts: bin ${bad[0]}, prism ${bad[1]}` : rps >= 0.95;
  const rows: Array<[string, string, string, boolean | string]> = [
    ['mock startup to the first correct answer: bin / prism (difference)', '≤ prism + 100 ms', `${ms(bin)} / ${ms(prism)} (${ms(bin - prism)})`, startMet],
    ['mock throughput, 2xx requests/s: bin / prism', '≥ 0.95×', `${rps.toFixed(2)}× (rounds ${low.toFixed(2)}–${high.toFixed(2)}×; ${of('rps')})`, rpsMet],
    ['mock p99 latency: bin / prism', 'reported', `${of('p99')} ms`, 'reported'],
  ];
  const note = MOCKS.map((mock) => {
    const first = wrong.filter((start) => start.mock === mock);
    const times = `after a median ${ms(median(first.map((start) => start.wrongMs)))}, correctly after a median ${ms(median(first.map((start) => start.ms)))}`;
    return `${mock}: ${first.length} of ${MOCK.STARTS} answered wrong first${first.length ? ` (${[...new Set(first.map((start) => start.wrong))].join(' or ')}, ${times})` : ''}.`;
  });
  return { rows, note: note.join(' '), params: MOCK };
}
