// npm start: the contract as a mock server (Prism), on http://127.0.0.1:4010.
//   PORT=4011 HOST=0.0.0.0 npm start     listen elsewhere
//   npm run mock:dynamic                 generated data instead of the named examples
//
// Prism validates every request (body, path, credentials) against the
// contract, and with --errors answers 500 instead of sending a response that
// would break it.
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATED_DIR, ROOT, isEntryPoint, requireFile, runMain } from './lib/project.js';
import { assertPortFree, listenAddress, localUrl, spawnPrism, waitForHttp } from './lib/prism.js';

const SPEC = join(GENERATED_DIR, 'openapi.json');
const DOCS = join(GENERATED_DIR, 'docs', 'index.html');
const EXAMPLE_ID = '123e4567-e89b-12d3-a456-426614174000';

/** What npm start prints once the mock answers: enough to make the first request. */
export function banner(url: string, dynamic: boolean): string {
  const call = `${url}/api/v1/calls/${EXAMPLE_ID}`;
  return [
    '',
    `Elemente.ai Calls API mock (Prism${dynamic ? ', dynamic data' : ''}) is ready at ${url}`,
    '',
    '  Try it (any username and password without ":" pass the Basic-auth check):',
    `    curl -u demo:demo ${call}`,
    '',
    '  Pick a named example or a status:',
    `    curl -u demo:demo -H 'Prefer: example=CallCompleted' ${call}`,
    `    curl -u demo:demo -H 'Prefer: code=404' ${call}`,
    '  Examples: CallInProgress, CallCompleted (GET); CallUpdated, CallReassigned (PUT).',
    '',
    `  Docs: ${relative(process.cwd(), DOCS) || DOCS} (open in a browser; npm run docs rebuilds it)`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const { values } = parseArgs({ options: { dynamic: { type: 'boolean', default: false } } });
    requireFile(SPEC, 'run npm run generate first');
    const { host, port } = listenAddress();
    await assertPortFree(host, port);
    const url = localUrl(host, port);
    const args = ['mock', relative(ROOT, SPEC), '--host', host, '--port', String(port), '--errors'];
    if (values.dynamic) args.push('--dynamic');
    const prism = spawnPrism(args, { inherit: true });

    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\nReceived ${signal}, stopping the mock...\n`);
      void prism.stop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);

    const exited = new Promise<number>((resolve) => prism.child.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))));
    await waitForHttp(url, prism);
    process.stdout.write(banner(url, values.dynamic ?? false));
    const code = await exited;
    if (stopping) return 0;
    process.stderr.write(`error: prism stopped unexpectedly (exit code ${code})\n`);
    return code || 1;
  });
}
