// The mock's command line: its flags, read and checked into Options (one
// clear line, a StartError, for each mistake), its --help, and the banner it
// prints once it listens. Pure functions of the arguments and the
// environment, so that every rule is tested in-process.
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../errors.js';
import { REQUESTS_PATH, RESET_PATH, STATE_PATH } from './control.js';
import { PRISM_VERSION } from './engine.js';
import { FAILURE_STATUSES, type Faults, MAX_LATENCY_MS, resolveFaults } from './faults.js';
import { isEveryInterface, localUrl, readHost, readPort, StartError } from './listen.js';
import { MOCK_RETRY_AFTER_SECONDS } from './response.js';
import { DEFAULT_MAX_CALLS } from './store.js';

const EXAMPLE_ID = '123e4567-e89b-12d3-a456-426614174000';

export const USAGE = `Usage: elemente-calls-mock [--port N] [--host H] [--stateful | --simulate [--speed N]]
                           [--state-file PATH] [--max-calls N] [--seed N]
                           [--latency MS | --latency MIN-MAX] [--fail-rate R] [--fail-with S,...]
                           [--dynamic] [--quiet] [--any-origin-credentials]

Serves the Elemente.ai Calls API contract as a mock, with Prism's request
validation, Basic-auth check and named examples (Prefer: example=NAME,
Prefer: code=STATUS). A mocked 429 or 503 carries Retry-After: ${MOCK_RETRY_AFTER_SECONDS}.

  --port N        the port (default: PORT, else 4010)
  --host H        the address (default: HOST, else 127.0.0.1); 0.0.0.0 is every interface
  --stateful      remember calls: POST /api/v1/calls stores a call that GET, PUT and
                  the list then show; starts with the contract's example calls
  --simulate      --stateful, and created calls live on their own: they ring, talk and
                  end (a phone call: queued, ringing, in-progress, completed, or an
                  outcome such as no-answer or busy), each within 120 s of mock time
  --speed N       with --simulate: mock time runs N times faster (default 1)
  --state-file P  with --stateful or --simulate: keep the state in file P, which is
                  loaded at start (created if missing) and written before each answer
  --max-calls N   with --stateful or --simulate: keep at most N calls, dropping the
                  oldest, ended ones first (default ${DEFAULT_MAX_CALLS})
  --seed N        the seed of created calls' ids and lives, and of the faults below
                  (default 1), so that runs repeat
  --latency MS    wait MS milliseconds before every answer, or MIN-MAX: a time drawn
                  between them for each (at most ${MAX_LATENCY_MS})
  --fail-rate R   answer this share (0 to 1) of the requests the contract accepts with
                  a failure (the contract's 503, unless --fail-with says otherwise)
  --fail-with S   the failures to draw from, comma-separated: ${FAILURE_STATUSES.join(', ')}
  --dynamic       answer with data generated from the schemas instead of the examples
  --quiet         print no line per request
  --any-origin-credentials
                  let pages of any origin send credentials and read the answers
                  (by default only pages served from this machine may)
  --help          this text

The mock's own endpoints (never delayed or failed, never recorded):
  GET ${REQUESTS_PATH}     the requests received, oldest first (the last 1,000); DELETE empties it
  POST ${RESET_PATH}       with --stateful or --simulate: back to the starting state
  GET ${STATE_PATH}        with --stateful or --simulate: the state as a snapshot; PUT one to load it
Needs @stoplight/prism-cli@${PRISM_VERSION}, an optional peer dependency.`;

export interface Options {
  port: number;
  host: string;
  dynamic: boolean;
  stateful: boolean;
  simulate: boolean;
  speed: number;
  stateFile: string | undefined;
  maxCalls: number;
  seed: number | undefined;
  faults: Faults | undefined;
  /** How the faults were asked for, for the banner. */
  faultsText: string[];
  quiet: boolean;
  anyOrigin: boolean;
}

const WHOLE = /^\d+$/;
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;

/** A flag's number, checked for its form here and for its range by the code that uses it. */
function number(flag: string, raw: string, form: RegExp, what: string): number {
  if (!form.test(raw)) throw new StartError(`${flag} must be ${what}, not "${raw}"`);
  return Number(raw);
}

/** `--flag -1` as `--flag=-1`: a negative number after a flag is its value, refused by the flag's own rule, not a flag of its own. */
function joinNegativeValues(args: string[]): string[] {
  const joined: string[] = [];
  for (const arg of args) {
    const previous = joined.at(-1);
    if (/^-\d/.test(arg) && previous !== undefined && /^--[\w-]+$/.test(previous)) joined[joined.length - 1] = `${previous}=${arg}`;
    else joined.push(arg);
  }
  return joined;
}

/** The options `args` and `env` ask for; 'help' for --help. Throws StartError, with one line, for a mistake. */
export function readOptions(args: string[], env: Record<string, string | undefined>): Options | 'help' {
  const { values } = parseArgs({
    args: joinNegativeValues(args),
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      dynamic: { type: 'boolean' },
      stateful: { type: 'boolean' },
      simulate: { type: 'boolean' },
      speed: { type: 'string' },
      'state-file': { type: 'string' },
      'max-calls': { type: 'string' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      'fail-rate': { type: 'string' },
      'fail-with': { type: 'string' },
      quiet: { type: 'boolean' },
      'any-origin-credentials': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  // An empty variable counts as unset; an empty --host is a mistake.
  const port = values.port === undefined ? readPort(env.PORT || '4010', 'PORT') : readPort(values.port, '--port');
  const host = values.host === undefined ? readHost(env.HOST || '127.0.0.1', 'HOST') : readHost(values.host, '--host');
  const simulate = values.simulate === true;
  const stateful = simulate || values.stateful === true;
  const keeping = '--stateful or --simulate';
  if (simulate && values.dynamic) throw new StartError('--simulate answers from its calls, --dynamic with generated data: choose one');
  if (values.speed !== undefined && !simulate) throw new StartError('--speed sets how fast simulated calls live: add --simulate');
  const speed = values.speed === undefined ? 1 : number('--speed', values.speed, DECIMAL, 'a number above 0, such as 10 or 0.5');
  if (!(speed > 0) || !Number.isFinite(speed)) throw new StartError(`--speed must be a number above 0, not "${values.speed}"`);
  if (values['state-file'] !== undefined && !stateful) throw new StartError(`--state-file keeps the state of ${keeping}: add one`);
  if (values['state-file'] === '') throw new StartError('--state-file must name a file');
  if (values['max-calls'] !== undefined && !stateful) throw new StartError(`--max-calls bounds the calls of ${keeping}: add one`);
  const maxCalls = values['max-calls'] === undefined ? DEFAULT_MAX_CALLS : number('--max-calls', values['max-calls'], WHOLE, 'a whole number from 1');
  if (maxCalls < 1 || maxCalls > 10_000_000) throw new StartError(`--max-calls must be a whole number from 1 to 10000000, not "${values['max-calls']}"`);
  const faulty = values.latency !== undefined || values['fail-rate'] !== undefined || values['fail-with'] !== undefined;
  if (values.seed !== undefined && !stateful && !faulty)
    throw new StartError(`--seed sets the ids of ${keeping} and the draws of --latency and --fail-rate: add one`);
  const seed = values.seed === undefined ? undefined : number('--seed', values.seed, WHOLE, 'a whole number from 0 to 4294967295');
  if (seed !== undefined && seed > 0xffffffff) throw new StartError(`--seed must be a whole number from 0 to 4294967295, not "${values.seed}"`);
  if (values['fail-with'] !== undefined && values['fail-rate'] === undefined) throw new StartError('--fail-with picks the failures of --fail-rate: add it');
  let latencyMs: number | [number, number] | undefined;
  if (values.latency !== undefined) {
    const [min = '', max, extra] = values.latency.split('-');
    if (extra !== undefined || !WHOLE.test(min) || (max !== undefined && !WHOLE.test(max)))
      throw new StartError(`--latency must be milliseconds (500) or a range of them (100-800), not "${values.latency}"`);
    latencyMs = max === undefined ? Number(min) : [Number(min), Number(max)];
  }
  const failRate = values['fail-rate'] === undefined ? undefined : number('--fail-rate', values['fail-rate'], DECIMAL, 'a number from 0 to 1');
  const failWith = values['fail-with']
    ?.split(',')
    .map((status) => number('--fail-with', status.trim(), WHOLE, `statuses such as ${FAILURE_STATUSES.join(',')}`));
  let faults: Faults | undefined;
  try {
    faults = resolveFaults(faulty ? { latencyMs, failRate, failWith, seed } : undefined, {
      latencyMs: '--latency',
      failRate: '--fail-rate',
      failWith: '--fail-with',
      seed: '--seed',
    });
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new StartError(error.message.replace(/^(--[\w-]+): /, '$1 '));
    throw error;
  }
  const faultsText = [
    ...(values.latency === undefined ? [] : [`every answer waits ${values.latency} ms`]),
    ...(failRate ? [`${Math.round(failRate * 1000) / 10}% of accepted requests fail with ${(failWith ?? [503]).join(' or ')}`] : []),
  ];
  return {
    port,
    host,
    dynamic: values.dynamic === true,
    stateful,
    simulate,
    speed,
    stateFile: values['state-file'],
    maxCalls,
    seed,
    faults,
    faultsText,
    quiet: values.quiet === true,
    anyOrigin: values['any-origin-credentials'] === true,
  };
}

/** What the mock prints once it listens; `calls` is how many a state file brought. */
export function banner(options: Options, docs: string, calls: number | undefined): string {
  const url = localUrl(options.host, options.port);
  const call = `${url}/api/v1/calls/${EXAMPLE_ID}`;
  const kind = [
    options.simulate ? `simulated${options.speed === 1 ? '' : ` at ${options.speed}x`}` : options.stateful ? 'stateful' : '',
    options.stateful ? `seed ${options.seed ?? 1}` : '',
    options.dynamic ? 'dynamic data' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const create = `curl -u demo:demo -H 'content-type: application/json' -d '{"agentId":"3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b","skillId":"0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5","channel":"call","customerOverride":{"firstName":"Maria","phoneNumber":"+4915112345678"}}' ${url}/api/v1/calls`;
  let state: string[];
  if (options.simulate)
    state = [
      '  Start a call, then read it again and again: it rings, talks and ends on its own.',
      `    ${create}`,
      `  Back to the starting calls: curl -X POST ${url}${RESET_PATH}`,
    ];
  else if (options.stateful) state = ['  Created and updated calls are kept; start again from the examples with:', `    curl -X POST ${url}${RESET_PATH}`];
  else state = ['  Created and updated calls are forgotten: --stateful keeps them, and --simulate', '  makes created calls ring, talk and end on their own.'];
  return [
    '',
    `Elemente.ai Calls API mock (Prism${kind ? `, ${kind}` : ''}) is ready at ${url}`,
    '',
    '  Try it (any username and password without ":" pass the Basic-auth check):',
    `    curl -u demo:demo ${call}`,
    '',
    '  Pick a named example or a status:',
    `    curl -u demo:demo -H 'Prefer: example=CallCompleted' ${call}`,
    `    curl -u demo:demo -H 'Prefer: code=404' ${call}`,
    '',
    ...state,
    ...(options.stateFile !== undefined && calls !== undefined ? [`  The state is kept in ${options.stateFile} (${calls} calls now).`] : []),
    ...(options.faultsText.length > 0 ? ['', `  Faults: ${options.faultsText.join('; ')} (seed ${options.seed ?? 1}).`] : []),
    '',
    `  What your app sent: curl ${url}${REQUESTS_PATH}`,
    ...(isEveryInterface(options.host) ? ['', `  Listening on every interface (${options.host}): other machines can reach this mock.`] : []),
    '',
    '  The named examples are listed in the docs and in @elemente/calls-api/examples.',
    `  Docs: ${docs}`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}
