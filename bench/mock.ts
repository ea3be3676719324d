// The mock bin against `prism mock` alone and against itself with a flag, side by side in one run: the time from spawn to
// the first correct answer, and autocannon's 2xx requests/s and p99 latency. Each mock leads its own process group (the
// bin's Prism is in it), always stopped; state files live in a temporary folder, removed at the end.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { examples } from '../generated/examples.js';
import { findFreePort } from '../scripts/lib/ports.js';
import { median } from '../scripts/lib/quantile.js';
import { isFinalStatus } from '../src/internal/statuses.js';

const ID = '123e4567-e89b-12d3-a456-426614174000';
const headers = { authorization: 'Basic ZGVtbzpkZW1v' }; // demo:demo
const MOCK = {
  STARTS: 5,
  LOAD_ROUNDS: 7,
  SECONDS: 3,
  CONNECTIONS: 10,
  GRACE_S: 3,
  START_TIMEOUT_S: 60,
  STATE_CALLS: 10_000,
  SPEED: 1000,
  MAX_CALLS: 1_000_000,
};
const BIN = ['bin/elemente-calls-mock.js'];
const PRISM = ['node_modules/@stoplight/prism-cli/dist/index.js', 'mock', 'generated/openapi.json', '--errors', '--host', '127.0.0.1'];
const SIMULATE = [...BIN, '--simulate', '--speed', String(MOCK.SPEED)];
// A round of creates starts from the starting calls and stays far below this: a store at its cap drops a call for each create.
const UNCAPPED = ['--max-calls', String(MOCK.MAX_CALLS)];
type Server = { port: number; since: number; exitCode: () => number | null };
/** What autocannon sends: a GET of `path`, or a create (StartPhoneCall) when `create` is set. */
type Request = { path: string; create?: true };
const callPath = (id: string) => `/api/v1/calls/${id}`;
const GET_CALL: Request = { path: callPath(ID) };
const CREATE: Request = { path: '/api/v1/calls', create: true };
const createBody = { method: 'POST', body: JSON.stringify(examples.StartPhoneCall), headers: { ...headers, 'content-type': 'application/json' } };
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

/** Runs `use` with the mock of `args` started on a free port, then stops its group: SIGTERM, SIGKILL after a grace, and SIGKILL to what outlived it. */
async function withMock<T>(args: readonly string[], use: (server: Server) => Promise<T>): Promise<T> {
  const [port, env] = [await findFreePort(), { ...process.env, NODE_ENV: 'development' }]; // production: Prism's cluster mode
  const since = performance.now();
  const child = spawn(process.execPath, [...args, '--port', String(port)], { cwd: new URL('..', import.meta.url), env, detached: true, stdio: 'ignore' });
  const [pid, exited] = [child.pid ?? 0, new Promise((resolve) => child.once('exit', resolve))];
  if (pid <= 0) throw new Error(`could not start ${args.join(' ')}`);
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

/** Every mock of `list` started, then `use`d together; all stopped after. */
const withMocks = <T>(list: ReadonlyArray<readonly string[]>, use: (servers: Server[]) => Promise<T>, servers: Server[] = []): Promise<T> =>
  servers.length === list.length ? use(servers) : withMock(list[servers.length]!, (server) => withMocks(list, use, [...servers, server]));

const url = ({ port }: Server, path: string) => `http://127.0.0.1:${port}${path}`;
const askJson = async (server: Server, path: string, init: RequestInit = { headers }) => (await fetch(url(server, path), init)).json();

/** Asks for the call again and again, 1 ms apart; a refused connection means not yet. */
async function firstCall(server: Server): Promise<Start> {
  const { since, exitCode } = server;
  const start: Start = { ms: Number.NaN, wrong: undefined, wrongMs: Number.NaN };
  while (exitCode() === null && performance.now() - since < MOCK.START_TIMEOUT_S * 1000) {
    const answer = await fetch(url(server, GET_CALL.path), { headers, signal: AbortSignal.timeout(5_000) }).then(
      async (response) => ({ status: response.status, body: await response.clone().text(), json: await response.json().catch(() => null) }),
      () => undefined,
    );
    if (answer?.status === 200 && answer.json?.id === ID) return { ...start, ms: performance.now() - since };
    if (answer && !start.wrong) Object.assign(start, { wrong: `${answer.status} \`${answer.body.slice(0, 120)}\``, wrongMs: performance.now() - since });
    // 1 ms apart: a poller that never pauses takes one of the two cores from the start it times (METHOD.md).
    await sleep(1);
  }
  return { ...start, wrong: start.wrong ?? (exitCode() === null ? `no answer in ${MOCK.START_TIMEOUT_S} s` : `an exit, code ${exitCode()}`) };
}

async function started(server: Server): Promise<Server> {
  const { ms, wrong } = await firstCall(server);
  if (Number.isNaN(ms)) throw new Error(`a mock did not start for the bench: ${wrong}`);
  return server;
}

/** Requests/s counts 2xx responses only; `bad` counts the other responses, errors and timeouts. `amount`, when given, replaces `duration`. */
async function load(server: Server, { path, create }: Request, duration: number, amount?: number): Promise<Load> {
  const options = { url: url(server, path), connections: MOCK.CONNECTIONS, duration, headers, ...(create ? createBody : {}), ...(amount ? { amount } : {}) };
  const result = await autocannon(options);
  return { rps: result['2xx'] / result.duration, p99: result.latency.p99, bad: result.non2xx + result.errors + result.timeouts };
}

/** A created call of a --simulate mock once its life has ended (it ends within 120 ms at SPEED): every GET of it plays its whole life. */
async function endedCall(server: Server): Promise<Request> {
  const { id } = await askJson(server, CREATE.path, createBody);
  for (;;) {
    const call = await askJson(server, callPath(id));
    if (call.status === 'completed' && call.messages.length > 0) return { path: callPath(id) };
    if (isFinalStatus(call.status)) throw new Error(`the simulated call ended ${call.status}, not talked through: change the seed`);
    await nextTurn();
  }
}

/** A snapshot of STATE_CALLS calls as GET /_mock/state gives it: the starting calls and calls created under --simulate, with their lives. */
function bigState(): Promise<string> {
  return withMock(SIMULATE, async (server) => {
    const count = (await askJson(await started(server), '/api/v1/calls')).length;
    const { bad } = await load(server, CREATE, MOCK.SECONDS, MOCK.STATE_CALLS - count);
    const text = await (await fetch(url(server, '/_mock/state'))).text();
    const held = JSON.parse(text).calls.length;
    if (bad || held !== MOCK.STATE_CALLS) throw new Error(`the state to start from holds ${held} calls, not ${MOCK.STATE_CALLS} (${bad} creates failed)`);
    return text;
  });
}

/** Milliseconds, rounded, or 'none' for NaN. */
const ms = (n = Number.NaN) => (Number.isNaN(n) ? 'none' : `${n.toFixed(0)} ms`);

/** Startup: every kind in turn, each stopped before the next. Throughput: every target running and warmed up, the order reversed every other round. */
export async function measureMocks() {
  const dir = mkdtempSync(join(tmpdir(), 'calls-api-bench-mock-'));
  /** A state file in the folder, holding `text`, or none yet. */
  const stateFile = (name: string, text?: string) => {
    const path = join(dir, name);
    rmSync(path, { force: true });
    if (text !== undefined) writeFileSync(path, text);
    return ['--stateful', '--state-file', path];
  };
  try {
    const [big, BIG] = [await bigState(), `${MOCK.STATE_CALLS.toLocaleString('en-US')}-call state file`];
    const KINDS = {
      bin: () => BIN,
      prism: () => PRISM,
      'new state file': () => [...BIN, ...stateFile('new.json')],
      [BIG]: () => [...BIN, ...stateFile('big.json', big)],
    };
    const starts = Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, [] as Start[]]));
    for (let index = 0; index < MOCK.STARTS; index += 1)
      for (const [kind, args] of Object.entries(KINDS)) starts[kind]!.push(await withMock(args(), firstCall));

    // In this order, the two sides of each ratio are loaded one after the other: a noisy machine moves both alike.
    const TARGETS = [
      { name: '--latency 0', args: [...BIN, '--latency', '0'], request: async () => GET_CALL },
      { name: 'bin', args: BIN, request: async () => GET_CALL },
      { name: 'prism', args: PRISM, request: async () => GET_CALL },
      { name: '--simulate', args: SIMULATE, request: endedCall },
      { name: 'creates', args: [...BIN, '--stateful', ...UNCAPPED], request: async () => CREATE },
      { name: 'creates with --state-file', args: [...BIN, ...stateFile('creates.json'), ...UNCAPPED], request: async () => CREATE },
    ];
    const loads = await withMocks(
      TARGETS.map((target) => target.args),
      async (servers) => {
        const requests = await Promise.all(servers.map(async (server, index) => TARGETS[index]!.request(await started(server))));
        /** One autocannon run of the target; creates start from the starting calls (POST /_mock/reset), so every round does the same work. */
        const run = async (index: number) => {
          if (requests[index]!.create && (await fetch(url(servers[index]!, '/_mock/reset'), { method: 'POST' })).status !== 204) throw new Error('no reset');
          return load(servers[index]!, requests[index]!, MOCK.SECONDS);
        };
        for (const index of servers.keys()) await run(index);
        const rounds: Array<Record<string, Load>> = [];
        for (let round = 0; round < MOCK.LOAD_ROUNDS; round += 1) {
          const order = [...TARGETS.keys()];
          const loaded: Record<string, Load> = {};
          for (const index of round % 2 ? order.reverse() : order) loaded[TARGETS[index]!.name] = await run(index);
          rounds.push(loaded);
          const text = Object.entries(loaded).map(([name, { rps }]) => `${name} ${rps.toFixed(0)}/s`);
          console.log(`mock throughput, round ${round}: ${text.join(', ')}`);
        }
        return rounds;
      },
    );

    const rows: Array<[string, string, string, boolean | string]> = [];
    const wrong = Object.entries(starts).flatMap(([kind, list]) => list.filter((start) => start.wrong).map((start) => ({ kind, ...start })));
    const startMs = (kind: string) => median(starts[kind]!.filter((start) => !start.wrong).map((start) => start.ms));
    const STARTUPS = [
      ['bin / prism', 'bin', 'prism', 100],
      [`--stateful --state-file, ${BIG} / new state file`, BIG, 'new state file', 500],
    ] as const;
    for (const [figure, top, bottom, goal] of STARTUPS) {
      const invalid = wrong.filter((start) => start.kind === top || start.kind === bottom).length;
      const [a, b] = [startMs(top), startMs(bottom)];
      const met = invalid ? `**invalid**: ${invalid} of ${MOCK.STARTS * 2} starts answered wrong first` : a - b <= goal;
      rows.push([`mock startup to the first correct answer: ${figure} (difference)`, `≤ ${bottom} + ${goal} ms`, `${ms(a)} / ${ms(b)} (${ms(a - b)})`, met]);
    }
    const THROUGHPUTS = [
      ['mock throughput, 2xx requests/s: bin / prism', 'bin', 'prism', 0.95],
      ['mock --simulate throughput, GET of a created call, 2xx requests/s: bin --simulate / prism', '--simulate', 'prism', 2],
      ['mock --simulate cost, 2xx requests/s: bin --simulate (GET of a created call) / bin', '--simulate', 'bin', 0],
      // --latency 0 asks for no fault, so it runs the code of no flag: the row shows the noise of two identical mocks.
      ['mock --latency 0 cost, 2xx requests/s: bin --latency 0 / bin', '--latency 0', 'bin', 0],
      ['mock --stateful creates, 2xx requests/s: with --state-file / without', 'creates with --state-file', 'creates', 0.8],
    ] as const;
    const of = (names: readonly string[], key: 'rps' | 'p99') => names.map((name) => median(loads.map((round) => round[name]![key])).toFixed(0)).join(' / ');
    for (const [figure, top, bottom, goal] of THROUGHPUTS) {
      const ratios = loads.map((round) => round[top]!.rps / round[bottom]!.rps);
      const bad = [top, bottom].map((name) => `${name} ${loads.reduce((sum, round) => sum + round[name]!.bad, 0)}`);
      const invalid = bad.some((text) => !text.endsWith(' 0')) && `**invalid**: non-2xx, errors or timeouts: ${bad.join(', ')}`;
      const range = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
      const measured = `${median(ratios).toFixed(2)}× (rounds ${range}; ${of([top, bottom], 'rps')})`;
      rows.push([figure, goal ? `≥ ${goal.toFixed(2)}×` : 'reported', measured, invalid || (goal ? median(ratios) >= goal : 'reported')]);
    }
    const names = TARGETS.map((target) => target.name);
    rows.push([`mock p99 latency: ${names.join(' / ')}`, 'reported', `${of(names, 'p99')} ms`, 'reported']);

    const note = Object.keys(KINDS).map((kind) => {
      const first = wrong.filter((start) => start.kind === kind);
      const times = `after a median ${ms(median(first.map((start) => start.wrongMs)))}, correctly after a median ${ms(median(first.map((start) => start.ms)))}`;
      return `${kind}: ${first.length} of ${MOCK.STARTS} answered wrong first${first.length ? ` (${[...new Set(first.map((start) => start.wrong))].join(' or ')}, ${times})` : ''}.`;
    });
    const counts = { STATE_CALLS: MOCK.STATE_CALLS, MAX_CALLS: MOCK.MAX_CALLS, STATE_BYTES: Buffer.byteLength(big) };
    return {
      rows,
      note: note.join(' '),
      params: { ...MOCK, ...Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, n.toLocaleString('en-US')])) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
