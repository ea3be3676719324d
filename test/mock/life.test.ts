// The simulated lives of created calls, as pure functions of their seed,
// channel and the time since they began: each passes only through the
// statuses its channel has (CALL_STATUSES), ends with a final one within
// 120 s, and at every moment is a call that keeps the contract, whose
// messages, transcript and duration only grow until it ends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callChannelValues, callStatusValues } from '../../generated/enums.js';
import type { Call, CallChannel, CallStatus } from '../../generated/schema.js';
import { examples, makeCall } from '../../src/examples.js';
import { isFinalStatus } from '../../src/index.js';
import { CALL_STATUSES, isStatusOf } from '../../src/internal/statuses.js';
import { greetingFor, type Life, LONGEST_LIFE_MS, liveCall, planOf } from '../../src/mock/life.js';
import { callProblems } from '../../src/mock/snapshot.js';

const STARTED = Date.parse('2026-12-07T09:00:00Z');
const base = makeCall({ id: '5b6f7a1c-2d3e-4f50-8a6b-7c8d9e0f1a2b' });
const moments = (step: number) => Array.from({ length: Math.ceil(LONGEST_LIFE_MS / step) + 2 }, (_, index) => index * step);

describe('the table of statuses', () => {
  it('holds every status of the contract, each with the channels that use it', () => {
    expect(Object.keys(CALL_STATUSES).sort()).toEqual([...callStatusValues].sort());
    // Every status is one of some channel's.
    for (const status of callStatusValues)
      expect(
        callChannelValues.some((channel) => isStatusOf(status, channel)),
        status,
      ).toBe(true);
  });

  it('is what isFinalStatus reads: a name it does not hold, inherited ones included, is not final', () => {
    const final = callStatusValues.filter(isFinalStatus).sort();
    expect(final).toEqual(['busy', 'canceled', 'close', 'closed', 'completed', 'expired', 'failed', 'no-answer', 'resolved', 'voicemail']);
    for (const name of ['constructor', 'toString', '__proto__', 'unknown', '']) expect(isFinalStatus(name)).toBe(false);
  });
});

describe.each(callChannelValues)('a %s life', (channel: CallChannel) => {
  it('passes only through its channel statuses, ends final within 120 s, and keeps the contract as it goes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const life: Life = { seed, greeting: 'Hello Maria, this is Ada from Elemente.' };
        const plan = planOf(life, channel);
        const statuses = plan.flatMap((step) => (step.status ? [step.status] : []));
        for (const status of statuses) expect(isStatusOf(status, channel), status).toBe(true);
        expect(isFinalStatus(statuses.at(-1) as CallStatus)).toBe(true);
        expect(statuses.slice(0, -1).some(isFinalStatus)).toBe(false);
        let before: Call | undefined;
        for (const elapsed of moments(2000)) {
          const call = liveCall(base, channel, life, STARTED, elapsed);
          // The contract's validator is the slow part: every tenth second, and the last.
          if (elapsed % 10_000 === 0) expect(callProblems(call)).toEqual([]);
          expect(call.transcription).toBe(call.messages.map((m) => `${m.sender === 'agent' ? 'Agent' : 'Customer'}: ${m.content}`).join('\n'));
          if (before) {
            expect(call.messages.slice(0, before.messages.length)).toEqual(before.messages);
            expect(call.duration).toBeGreaterThanOrEqual(before.duration);
            if (isFinalStatus(before.status)) expect(call).toEqual(before);
          }
          before = call;
        }
        expect(isFinalStatus(before!.status)).toBe(true);
        expect(callProblems(before)).toEqual([]);
        // Every message is dated at its moment of the life, no later than the end.
        for (const message of before!.messages) expect(Date.parse(message.timestamp)).toBeLessThan(STARTED + LONGEST_LIFE_MS);
      }),
      { numRuns: 40 },
    );
  });

  it('is the same life for the same seed, and another for another seed', () => {
    const at = (seed: number) => moments(5000).map((elapsed) => liveCall(base, channel, { seed, greeting: 'Hi' }, STARTED, elapsed));
    expect(at(42)).toEqual(at(42));
    const lives = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => JSON.stringify(at(seed))));
    expect(lives.size).toBeGreaterThan(1);
  });
});

describe('a phone call', () => {
  it('goes queued, ringing, in-progress, completed when answered, its duration growing only while it is in progress', () => {
    // The first seed from 1 up whose call is answered and talked through.
    const seed = Array.from({ length: 50 }, (_, index) => index + 1).find((candidate) =>
      planOf({ seed: candidate, greeting: 'Hi' }, 'call').some((step) => step.status === 'completed'),
    );
    expect(seed, 'no answered call among 50 seeds').toBeDefined();
    const life = { seed: seed!, greeting: 'Hi' };
    const seen = moments(500).map((elapsed) => liveCall(base, 'call', life, STARTED, elapsed));
    expect([...new Set(seen.map((call) => call.status))]).toEqual(['queued', 'ringing', 'in-progress', 'completed']);
    for (const call of seen) if (call.status === 'queued' || call.status === 'ringing') expect(call.duration).toBe(0);
    const talking = seen.filter((call) => call.status === 'in-progress');
    expect(talking.at(-1)!.duration).toBeGreaterThan(talking[0]!.duration);
    expect(seen.at(-1)!.messages[0]).toMatchObject({ sender: 'agent', content: 'Hi', status: 'delivered' });
  });

  it('ends in each outcome the seed can pick: completed, no-answer, busy, voicemail, failed', () => {
    const outcomes = new Set(
      Array.from({ length: 400 }, (_, seed) => {
        const plan = planOf({ seed, greeting: 'Hi' }, 'call');
        return plan.at(-1)!.status;
      }),
    );
    expect([...outcomes].sort()).toEqual(['busy', 'completed', 'failed', 'no-answer', 'voicemail']);
  });
});

describe("the agent's first message", () => {
  it("is agentOverride.prompt.initialMessage with the customer's fields and custom fields filled in", () => {
    expect(greetingFor(examples.StartPhoneCall)).toBe(
      examples.StartPhoneCall.agentOverride!.prompt!.initialMessage!.replace('{{firstName}}', 'John')
        .replace('{{aiName}}', examples.StartPhoneCall.agentOverride!.name!)
        .replace('{{Order ID}}', '12345'),
    );
    expect(
      greetingFor({
        ...examples.StartWhatsAppChat,
        customerOverride: { firstName: 'Maria', customFields: [{ name: 'Order ID', value: 4711 }] },
        agentOverride: { name: 'Ada', prompt: { initialMessage: 'Hi {{ firstName }}, {{aiName}} here about {{Order ID}} ({{Unknown}}).' } },
      }),
    ).toBe('Hi Maria, Ada here about 4711 ().');
  });

  it('is a default line when none is given, naming the customer when the request does', () => {
    expect(greetingFor({ ...examples.StartWhatsAppChat, customerOverride: { firstName: 'Jonas' } })).toBe(
      'Hello Jonas, this is your assistant from Elemente. How can I help you today?',
    );
    expect(greetingFor({ ...examples.StartWhatsAppChat, customerOverride: {} })).toBe('Hello, this is your assistant from Elemente. How can I help you today?');
  });
});
