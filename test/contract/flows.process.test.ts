// The API's flows (arazzo/calls.arazzo.yaml) run by Redocly Respect, a
// strict client nobody here wrote: against the living mock every workflow
// passes, each response checked against the contract with no undeclared
// property allowed; against the mock without state, the flows that need
// state fail, which proves they check it.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/project.js';
import { bin, run } from '../../scripts/lib/run.js';
import { stopAll } from '../helpers/processes.js';
import { startServerDoor } from '../mock/doors.js';

afterAll(stopAll);

const FLOWS = join(ROOT, 'arazzo', 'calls.arazzo.yaml');

/** `redocly respect` on the flows against `url`, as the docs tell a team to run it. */
function respect(url: string, workflows: string[] = []) {
  const args = ['respect', FLOWS, '--server', `calls=${url}`, '--input', 'username=demo', '--input', 'password=demo'];
  for (const workflow of workflows) args.push('--workflow', workflow);
  return run(bin('redocly'), args, { env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
}

describe('redocly respect arazzo/calls.arazzo.yaml', () => {
  it('passes every workflow against elemente-calls-mock --simulate --speed 20', async () => {
    const door = await startServerDoor(['--simulate', '--speed', '20']);
    try {
      const { code, stdout, stderr } = await respect(door.url);
      const output = stdout + stderr;
      expect(code, output).toBe(0);
      expect(output).toMatch(/Workflows: 3 passed, 3 total/);
      // Every step's response was checked against the contract, and kept it; a read before the call ended is retried, its ✗ on the criteria only.
      expect(output).not.toMatch(/✗ (schema|status code|content-type) check/);
      expect(output.match(/✓ schema check/g)?.length ?? 0).toBeGreaterThanOrEqual(7);
    } finally {
      await door.close();
    }
  });

  it('fails the flows that need state against the mock without it', async () => {
    const door = await startServerDoor([]);
    try {
      const { code, stdout, stderr } = await respect(door.url, ['completeCallWithNote', 'listCallsByChannel']);
      const output = stdout + stderr;
      expect(code).not.toBe(0);
      expect(output).toMatch(/Workflows: 2 failed, 2 total/);
    } finally {
      await door.close();
    }
  });
});
