// The named examples are shared by every test of a process, and the MSW
// handlers answer with them: they are frozen all the way down, so that a
// test that changes one throws at once instead of changing the default
// answers of every test after it. makeCall hands out copies to change.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseExamples } from '../../generated/examples.js';
import { examples, makeCall } from '../../src/examples.js';
import { type Call, createCallsClient } from '../../src/index.js';
import { createCallsHandlers } from '../../src/msw.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';

const BASE_URL = 'https://frozen.msw.test';
const server = setupServer(...createCallsHandlers({ baseUrl: BASE_URL }));
const client = createCallsClient({ username: 'frozen', password: 'frozen-secret', baseUrl: BASE_URL });
/** CallInProgress as the bundled spec has it, read from the file, not from the module under test. */
const published = loadBundle().components.examples.CallInProgress!.value as Call;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('the named examples', () => {
  it('refuse every change, at any depth (this module is strict, as every ES module is)', () => {
    const call = examples.CallInProgress as Call & Record<string, unknown>;
    expect(() => {
      call.status = 'completed';
    }).toThrow(TypeError);
    expect(() => {
      call.note = 'added';
    }).toThrow(TypeError);
    expect(() => {
      call.messages[0]!.content = 'changed';
    }).toThrow(TypeError);
    expect(() => examples.CallList.push(examples.CallCompleted)).toThrow(TypeError);
    expect(() => {
      (responseExamples.getCall['200'] as unknown as string[])[0] = 'CallCompleted';
    }).toThrow(TypeError);
    expect(examples.CallInProgress).toEqual(published);
  });

  it('stay what MSW answers with after a test tried to change one', async () => {
    try {
      (examples.CallInProgress as Call).status = 'failed';
    } catch {
      // Refused, as the test above asserts.
    }
    await expect(client.getCall(CALL_ID)).resolves.toEqual(published);
  });

  it('are copied by makeCall, whose calls can be changed freely and share nothing', () => {
    const first = makeCall({ status: 'completed' });
    first.messages.push({ sid: 'SM1', timestamp: '2026-01-01T00:00:00Z', sender: 'agent', content: 'hi', status: 'delivered' });
    first.duration = 5;
    const second = makeCall();
    expect(second).toEqual(examples.CallCreated);
    expect(Object.isFrozen(second)).toBe(false);
  });
});
