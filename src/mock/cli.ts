// elemente-calls-mock (and npm start): the contract as a mock server, with
// Prism's engine in this process (engine.ts) behind the mock's own HTTP
// (server.ts). It listens only once the engine is ready, so its first answer
// is the contract's. Run with --help for the flags.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine, loadPrism, PrismMissingError } from './engine.js';
import { banner, type Options, readOptions, USAGE } from './flags.js';
import { Journal } from './journal.js';
import { listen, StartError, stopWhenOrphaned } from './listen.js';
import { createMockServer } from './server.js';
import { type OpenStateFile, openStateFile, StateFileError } from './state-file.js';
import { type CallsStore, callCount, clockOf, createCallsStore, holdClock, journalOf } from './store.js';

// The same two levels below the package root from src/mock/ (npm start, with tsx) and from dist/bin/ (the installed bin).
const SPEC = fileURLToPath(new URL('../../generated/openapi.json', import.meta.url));
const DOCS = fileURLToPath(new URL('../../generated/docs/index.html', import.meta.url));

/** Prints one line and exits 1. */
function exitWith(message: string): never {
  process.stderr.write(`elemente-calls-mock: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let options: Options | 'help';
  try {
    options = readOptions(process.argv.slice(2), process.env);
  } catch (error) {
    exitWith(`${error instanceof Error ? error.message : String(error)}${error instanceof StartError ? '' : ' (see --help)'}`);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  let server: ReturnType<typeof createMockServer>;
  let stateFile: OpenStateFile | undefined;
  let store: CallsStore | undefined;
  try {
    store = options.stateful
      ? createCallsStore({ seed: options.seed, simulate: options.simulate, speed: options.speed, maxCalls: options.maxCalls })
      : undefined;
    // The state file first: a file the mock cannot use is refused at once, before Prism's engine takes seconds to load.
    if (store && options.stateFile !== undefined) stateFile = openStateFile(options.stateFile, store, print);
    // Mock time, and the lives it moves, run only while the mock can answer.
    if (store) holdClock(store, true);
    const prism = loadPrism(import.meta.url);
    const engine = await createEngine(prism, JSON.parse(readFileSync(SPEC, 'utf8')), { dynamic: options.dynamic });
    server = createMockServer({
      engine,
      store,
      journal: store ? journalOf(store) : new Journal(),
      clock: store ? clockOf(store) : undefined,
      faults: options.faults,
      credentialsFromAnyOrigin: options.anyOrigin,
      log: options.quiet ? undefined : print,
      notice: print,
    });
    if (store) holdClock(store, false);
    await listen(server, options.host, options.port, '--port');
  } catch (error) {
    stateFile?.close();
    if (error instanceof StartError || error instanceof PrismMissingError || error instanceof StateFileError) exitWith(error.message);
    throw error;
  }
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${why}: stopping the mock.\n`);
    server.close(() => {
      stateFile?.close();
      process.exit(0);
    });
    server.closeAllConnections();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(`Received ${signal}`));
  stopWhenOrphaned(() => stop('The process that started the mock has ended'));
  process.stdout.write(banner(options, DOCS, store && options.stateFile !== undefined ? callCount(store) : undefined));
}

await main();
