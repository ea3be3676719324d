// The mock's command line, read in this process: every mistake is one clear
// line (a StartError, which the bin prints before it exits 1 and starts
// nothing), and the flags that go together give the options the server runs with.
import { describe, expect, it } from 'vitest';
import { banner, type Options, readOptions, USAGE } from '../../src/mock/flags.js';
import { StartError } from '../../src/mock/listen.js';

const read = (...args: string[]) => readOptions(args, {}) as Options;
const mistake = (args: string[], env: Record<string, string> = {}) => {
  try {
    readOptions(args, env);
  } catch (error) {
    return error;
  }
  throw new Error(`${args.join(' ')} was accepted`);
};

describe('the mock refuses, in one line each, flags that cannot work', () => {
  it.each([
    [['--speed', '0', '--simulate'], '--speed must be a number above 0, not "0"'],
    [['--simulate', '--speed', '-1'], '--speed must be a number above 0, such as 10 or 0.5, not "-1"'],
    [['--simulate', '--speed', 'abc'], '--speed must be a number above 0, such as 10 or 0.5, not "abc"'],
    [['--speed', '10'], '--speed sets how fast simulated calls live: add --simulate'],
    [['--fail-rate', '2'], '--fail-rate must be a number from 0 to 1'],
    [['--fail-rate', '-0.1'], '--fail-rate must be a number from 0 to 1, not "-0.1"'],
    [['--fail-rate', 'half'], '--fail-rate must be a number from 0 to 1, not "half"'],
    [['--latency', 'abc'], '--latency must be milliseconds (500) or a range of them (100-800), not "abc"'],
    [['--latency', '500-100'], '--latency must not have its minimum above its maximum'],
    [['--latency', '1-2-3'], '--latency must be milliseconds (500) or a range of them (100-800), not "1-2-3"'],
    [['--latency', '600001'], '--latency must be a whole number of milliseconds from 0 to 600000, or two of them as [min, max]'],
    [['--fail-rate', '0.5', '--fail-with', '200'], '--fail-with must list failures every operation documents: 400, 401, 429, 500, 503'],
    [['--fail-rate', '0.5', '--fail-with', '404'], '--fail-with must list failures every operation documents: 400, 401, 429, 500, 503'],
    [['--fail-with', '503'], '--fail-with picks the failures of --fail-rate: add it'],
    [['--simulate', '--dynamic'], '--simulate answers from its calls, --dynamic with generated data: choose one'],
    [['--seed', '7'], '--seed sets the ids of --stateful or --simulate and the draws of --latency and --fail-rate: add one'],
    [['--stateful', '--seed', 'x'], '--seed must be a whole number from 0 to 4294967295, not "x"'],
    [['--stateful', '--seed', '4294967296'], '--seed must be a whole number from 0 to 4294967295, not "4294967296"'],
    [['--state-file', 'state.json'], '--state-file keeps the state of --stateful or --simulate: add one'],
    [['--stateful', '--state-file', ''], '--state-file must name a file'],
    [['--stateful', '--max-calls', '0'], '--max-calls must be a whole number from 1 to 10000000, not "0"'],
    [['--stateful', '--max-calls', 'abc'], '--max-calls must be a whole number from 1, not "abc"'],
    [['--max-calls', '10'], '--max-calls bounds the calls of --stateful or --simulate: add one'],
    [['--port', '70000'], '--port must be a number from 1 to 65535, not "70000"'],
  ])('%j', (args, line) => {
    const error = mistake(args);
    expect(error).toBeInstanceOf(StartError);
    expect((error as Error).message).toBe(line);
    expect((error as Error).message).not.toContain('\n');
  });

  it('names an unknown flag', () => {
    expect(String(mistake(['--simulte']))).toContain('--simulte');
  });
});

describe('the flags that go together', () => {
  it('make --simulate stateful, at speed 1 unless told', () => {
    expect(read('--simulate')).toMatchObject({ stateful: true, simulate: true, speed: 1, faults: undefined });
    expect(read('--simulate', '--speed', '20')).toMatchObject({ speed: 20 });
    expect(read('--simulate', '--speed', '0.5')).toMatchObject({ speed: 0.5 });
  });

  it('read latency and failures into faults seeded by --seed', () => {
    const { faults } = read('--latency', '100-300', '--fail-rate', '0.25', '--fail-with', '429, 500', '--seed', '9');
    expect(faults).toMatchObject({ latency: [100, 300], failRate: 0.25, failWith: [429, 500] });
    expect(read('--latency', '250').faults).toMatchObject({ latency: [250, 250], failRate: 0, failWith: [503] });
    // A latency of 0 and no failures ask for nothing.
    expect(read('--latency', '0').faults).toBeUndefined();
  });

  it('keep a state file and a bound on the calls', () => {
    expect(read('--stateful', '--state-file', 'demo.json', '--max-calls', '1000')).toMatchObject({ stateFile: 'demo.json', maxCalls: 1000 });
    expect(read('--stateful').maxCalls).toBe(10_000);
  });

  it('take PORT and HOST from the environment, an empty one as unset', () => {
    expect(readOptions([], { PORT: '4999', HOST: '' })).toMatchObject({ port: 4999, host: '127.0.0.1' });
  });

  it('answer --help with the usage, which names every flag and endpoint', () => {
    expect(readOptions(['--help'], {})).toBe('help');
    for (const flag of [
      '--simulate',
      '--speed',
      '--state-file',
      '--max-calls',
      '--latency',
      '--fail-rate',
      '--fail-with',
      '--seed',
      '/_mock/requests',
      '/_mock/state',
      '/_mock/reset',
    ])
      expect(USAGE).toContain(flag);
  });
});

describe('the banner', () => {
  const docs = '/docs/index.html';
  it('tells a newcomer how to keep calls and make them live, and where the journal is', () => {
    const stateless = banner(read('--port', '4010'), docs, undefined);
    expect(stateless).toContain('--stateful keeps them');
    expect(stateless).toContain('--simulate');
    expect(stateless).toContain('curl http://127.0.0.1:4010/_mock/requests');
    const living = banner(read('--simulate', '--speed', '10', '--state-file', 'demo.json'), docs, 7);
    expect(living).toContain('simulated at 10x');
    expect(living).toContain('curl -X POST http://127.0.0.1:4010/_mock/reset');
    expect(living).toContain('The state is kept in demo.json (7 calls now).');
    expect(banner(read('--latency', '100-300', '--fail-rate', '0.1'), docs, undefined)).toContain(
      'Faults: every answer waits 100-300 ms; 10% of accepted requests fail with 503 (seed 1).',
    );
  });
});
