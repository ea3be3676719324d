// elemente-calls-mock (and npm start): the contract as a mock server, with
// Prism's engine in this process (engine.ts) behind the mock's own HTTP
// (server.ts). It listens only once the engine is ready, so its first answer
// is the contract's. Run with --help for the flags.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngine, loadPrism, PRISM_VERSION, PrismMissingError } from './engine.js';
import { isEveryInterface, listen, localUrl, readHost, readPort, StartError } from './listen.js';
import { MOCK_RETRY_AFTER_SECONDS } from './response.js';
import { createMockServer, RESET_PATH } from './server.js';
import { createCallsStore } from './store.js';

// The same two levels below the package root from src/mock/ (npm start, with tsx) and from dist/bin/ (the installed bin).
const SPEC = fileURLToPath(new URL('../../generated/openapi.json', import.meta.url));
const DOCS = fileURLToPath(new URL('../../generated/docs/index.html', import.meta.url));
const EXAMPLE_ID = '123e4567-e89b-12d3-a456-426614174000';
/** How often the parent process is looked for (see below). */
const PARENT_CHECK_MS = 250;

const USAGE = `Usage: elemente-calls-mock [--port N] [--host H] [--dynamic] [--stateful [--seed N]] [--quiet]

Serves the Elemente.ai Calls API contract as a mock, with Prism's request
validation, Basic-auth check and named examples (Prefer: example=NAME,
Prefer: code=STATUS). A mocked 429 or 503 carries Retry-After: ${MOCK_RETRY_AFTER_SECONDS}.

  --port N        the port (default: PORT, else 4010)
  --host H        the address (default: HOST, else 127.0.0.1); 0.0.0.0 is every interface
  --dynamic       answer with data generated from the schemas instead of the examples
  --stateful      remember calls: POST /api/v1/calls stores a call that GET, PUT and
                  the list then show; starts with the contract's example calls
  --seed N        with --stateful: the seed of created calls' ids (default 1), so runs repeat
  --quiet         print no line per request
  --any-origin-credentials
                  let pages of any origin send credentials and read the answers
                  (by default only pages served from this machine may)
  --help          this text

With --stateful, POST ${RESET_PATH} answers 204 and restores the starting state.
Needs @stoplight/prism-cli@${PRISM_VERSION}, an optional peer dependency.`;

/** Prints one line and exits 1. */
function exitWith(message: string): never {
  process.stderr.write(`elemente-calls-mock: ${message}\n`);
  process.exit(1);
}

interface Options {
  port: number;
  host: string;
  dynamic: boolean;
  stateful: boolean;
  seed: number | undefined;
  quiet: boolean;
  anyOrigin: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      dynamic: { type: 'boolean' },
      stateful: { type: 'boolean' },
      seed: { type: 'string' },
      quiet: { type: 'boolean' },
      'any-origin-credentials': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  // An empty variable counts as unset; an empty --host is a mistake.
  const port = values.port === undefined ? readPort(process.env.PORT || '4010', 'PORT') : readPort(values.port, '--port');
  const host = values.host === undefined ? readHost(process.env.HOST || '127.0.0.1', 'HOST') : readHost(values.host, '--host');
  if (values.seed !== undefined && !values.stateful) throw new StartError('--seed sets the ids of --stateful; add --stateful');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !(/^\d+$/.test(values.seed ?? '') && seed <= 0xffffffff))
    throw new StartError(`--seed must be a whole number from 0 to 4294967295, not "${values.seed}"`);
  return {
    port,
    host,
    dynamic: values.dynamic === true,
    stateful: values.stateful === true,
    seed,
    quiet: values.quiet === true,
    anyOrigin: values['any-origin-credentials'] === true,
  };
}

function banner(options: Options): string {
  const url = localUrl(options.host, options.port);
  const call = `${url}/api/v1/calls/${EXAMPLE_ID}`;
  const kind = [options.stateful ? `stateful, seed ${options.seed ?? 1}` : '', options.dynamic ? 'dynamic data' : ''].filter(Boolean).join(', ');
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
    ...(options.stateful ? ['', '  Created and updated calls are kept; start again from the examples with:', `    curl -X POST ${url}${RESET_PATH}`] : []),
    ...(isEveryInterface(options.host) ? ['', `  Listening on every interface (${options.host}): other machines can reach this mock.`] : []),
    '',
    '  The named examples are listed in the docs and in @elemente/calls-api/examples.',
    `  Docs: ${DOCS}`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = readOptions();
  } catch (error) {
    exitWith(`${error instanceof Error ? error.message : String(error)}${error instanceof StartError ? '' : ' (see --help)'}`);
  }
  let server: ReturnType<typeof createMockServer>;
  try {
    const prism = loadPrism(import.meta.url);
    const engine = await createEngine(prism, JSON.parse(readFileSync(SPEC, 'utf8')), { dynamic: options.dynamic });
    server = createMockServer({
      engine,
      store: options.stateful ? createCallsStore({ seed: options.seed }) : undefined,
      credentialsFromAnyOrigin: options.anyOrigin,
      log: options.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
    });
    await listen(server, options.host, options.port, '--port');
  } catch (error) {
    if (error instanceof StartError || error instanceof PrismMissingError) exitWith(error.message);
    throw error;
  }
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${why}: stopping the mock.\n`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(`Received ${signal}`));
  // A SIGTERM to `npm start` or `npx` ends npm without passing the signal on, and this process is
  // handed to another parent: stop then too, as if signalled.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('The process that started the mock has ended');
  }, PARENT_CHECK_MS).unref();
  process.stdout.write(banner(options));
}

await main();
