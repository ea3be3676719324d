// The simulated life of a created call (`--simulate`): a plan of what
// happens when, drawn from the call's seed for its channel, and the call as
// it is at a given moment of that plan. Pure functions of (seed, channel,
// creation time, now): no timer runs, so a life survives a restart and a
// test can move the clock.
import type { Call, CallChannel, CallStatus, CreateCallRequest, Message } from '../../generated/schema.js';
import { isFinalStatus, isStatusOf } from '../internal/statuses.js';
import { between, seeded, seedOf } from './random.js';

/** What a life is drawn from: kept with the call (and in snapshots), so that the same life plays after a restart. */
export interface Life {
  seed: number;
  /** The agent's first message, its placeholders filled in when the call was created. */
  greeting: string;
}

/** One moment of a plan, in ms after the call was created. */
interface Step {
  at: number;
  status?: CallStatus;
  say?: { sender: 'agent' | 'customer'; content: string; sid?: string };
  /** The conversation starts here: `duration` counts from this moment. */
  talks?: boolean;
  /** A duration that is known at once (a message left on voicemail), in seconds. */
  duration?: number;
}

/** The longest a life lasts, in ms of mock time: every plan ends with a final status before it. */
export const LONGEST_LIFE_MS = 120_000;

const AGENT_LINES = [
  'Thanks for confirming. Let me pull up your order.',
  'I can see it here: it leaves our warehouse tomorrow morning.',
  'Is the delivery address on file still correct?',
  'I have noted that for the driver.',
  'Is there anything else I can help you with?',
  'Thank you, and have a good day.',
];
const CUSTOMER_LINES = [
  'Yes, that is me. It is about my order.',
  'It was meant to arrive yesterday and nothing came.',
  'Yes, the address is still the same.',
  'Could the driver leave it with my neighbour if I am out?',
  'No, that was all. Thank you!',
  'Great, thanks.',
];

/**
 * The agent's first message: `agentOverride.prompt.initialMessage` with
 * `{{firstName}}`, `{{lastName}}`, `{{aiName}}` (the agent's name) and the
 * names of `customerOverride.customFields` filled in; a placeholder with no
 * value is left out. A default line when the request gives none.
 */
export function greetingFor(body: CreateCallRequest): string {
  const customer = body.customerOverride ?? {};
  const values: Record<string, string> = {};
  for (const { name, value } of customer.customFields ?? []) values[name] = String(value);
  if (customer.firstName !== undefined) values.firstName = customer.firstName;
  if (customer.lastName !== undefined) values.lastName = customer.lastName;
  if (body.agentOverride?.name !== undefined) values.aiName = body.agentOverride.name;
  const template =
    body.agentOverride?.prompt?.initialMessage ??
    `Hello${customer.firstName === undefined ? '' : ' {{firstName}}'}, this is {{aiName}} from Elemente. How can I help you today?`;
  if (values.aiName === undefined) values.aiName = 'your assistant';
  return template
    .replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_placeholder, name: string) => (Object.hasOwn(values, name) ? (values[name] as string) : ''))
    .replace(/\s+([,.!?;:])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Turns of a conversation from `at`, every `gap` ms (drawn), alternating from `first`; returns the steps and the moment of the last. */
function conversation(random: () => number, at: number, turns: number, first: 'agent' | 'customer', gap: [number, number]): { steps: Step[]; last: number } {
  const steps: Step[] = [];
  const offset = between(random, 0, 2);
  let time = at;
  for (let turn = 0; turn < turns; turn += 1) {
    const sender = turn % 2 === 0 ? first : first === 'agent' ? 'customer' : 'agent';
    const lines = sender === 'agent' ? AGENT_LINES : CUSTOMER_LINES;
    // The agent's last line closes the conversation.
    const content = sender === 'agent' && turn >= turns - 2 ? (AGENT_LINES.at(-1) as string) : (lines[(offset + turn) % (lines.length - 1)] as string);
    time += between(random, gap[0], gap[1]);
    steps.push({ at: time, say: { sender, content } });
  }
  return { steps, last: time };
}

const pick = <T>(random: () => number, weighted: ReadonlyArray<readonly [number, T]>): T => {
  let draw = random();
  for (const [weight, value] of weighted) {
    if (draw < weight) return value;
    draw -= weight;
  }
  return weighted.at(-1)![1];
};

/** A phone call: queued, ringing, then answered and talked through, or an outcome the seed picks. */
function phoneLife(random: () => number, greeting: string): Step[] {
  const ringing = between(random, 1000, 3000);
  const steps: Step[] = [
    { at: 0, status: 'queued' },
    { at: ringing, status: 'ringing' },
  ];
  const outcome = pick(random, [
    [0.7, 'answered'],
    [0.1, 'no-answer'],
    [0.08, 'busy'],
    [0.07, 'voicemail'],
    [0.05, 'failed'],
  ] as const);
  if (outcome === 'failed') return [...steps, { at: ringing + between(random, 500, 2000), status: 'failed' }];
  if (outcome === 'busy') return [...steps, { at: ringing + between(random, 1000, 3000), status: 'busy' }];
  if (outcome === 'no-answer') return [...steps, { at: ringing + between(random, 25_000, 35_000), status: 'no-answer' }];
  if (outcome === 'voicemail')
    return [
      ...steps,
      { at: ringing + between(random, 15_000, 25_000), status: 'voicemail', say: { sender: 'agent', content: greeting }, duration: between(random, 6, 14) },
    ];
  const answered = ringing + between(random, 4000, 15_000);
  const talk = conversation(random, answered, between(random, 4, 8), 'customer', [4000, 9000]);
  return [
    ...steps,
    { at: answered, status: 'in-progress', talks: true, say: { sender: 'agent', content: greeting } },
    ...talk.steps,
    { at: talk.last + between(random, 3000, 6000), status: 'completed' },
  ];
}

/** A written conversation: it opens with the agent's greeting, and is answered, or expires. */
function writtenLife(random: () => number, greeting: string, channel: Exclude<CallChannel, 'call'>): Step[] {
  const steps: Step[] = [{ at: 0, status: channel === 'whatsapp' || channel === 'webchat' ? 'pending' : 'queued' }];
  let opens = between(random, 1000, 3000);
  if (channel === 'email') {
    steps.push({ at: opens, status: 'processing' });
    if (random() < 0.05) return [...steps, { at: opens + between(random, 1000, 3000), status: 'failed' }];
    opens += between(random, 2000, 5000);
  }
  if (channel === 'webchat' && random() < 0.1) return [...steps, { at: between(random, 5000, 20_000), status: 'canceled' }];
  const openStatus: CallStatus = channel === 'webchat' ? 'ongoing' : 'open';
  steps.push({ at: opens, status: openStatus, talks: true, say: { sender: 'agent', content: greeting } });
  const answered = channel === 'webchat' || random() < (channel === 'email' ? 0.7 : 0.82);
  if (!answered) return [...steps, { at: between(random, 60_000, 100_000), status: 'expired' }];
  const slow = channel === 'email';
  const reply = opens + between(random, slow ? 10_000 : 4000, slow ? 30_000 : 15_000);
  const turns = conversation(random, reply, between(random, slow ? 1 : 2, slow ? 3 : 5), 'agent', slow ? [8000, 20_000] : [3000, 9000]);
  steps.push({ at: reply, status: 'ongoing', say: { sender: 'customer', content: CUSTOMER_LINES[0] as string } }, ...turns.steps);
  if (channel === 'whatsapp' && random() < 0.15) {
    const stalls = turns.last + between(random, 5000, 10_000);
    return [...steps, { at: stalls, status: 'stalled' }, { at: stalls + between(random, 15_000, 25_000), status: 'expired' }];
  }
  const end: CallStatus =
    channel === 'webchat'
      ? pick(random, [
          [0.4, 'close'],
          [0.3, 'closed'],
          [0.3, 'resolved'],
        ] as const)
      : random() < 0.7
        ? 'resolved'
        : 'closed';
  return [...steps, { at: turns.last + between(random, 2000, 8000), status: end }];
}

const plans = new WeakMap<Life, Step[]>();

/**
 * The plan of `life` on `channel`, drawn once and kept. Every status it
 * passes through is one CALL_STATUSES gives the channel, and it ends with
 * one that table calls final, within LONGEST_LIFE_MS.
 */
export function planOf(life: Life, channel: CallChannel): readonly Step[] {
  const known = plans.get(life);
  if (known) return known;
  const random = seeded(life.seed);
  const steps = channel === 'call' ? phoneLife(random, life.greeting) : writtenLife(random, life.greeting, channel);
  for (const { status } of steps)
    if (status !== undefined && !isStatusOf(status, channel)) throw new Error(`a ${channel} life passes through ${status}, which is not one of its statuses`);
  const last = steps.at(-1);
  if (!last?.status || !isFinalStatus(last.status) || last.at >= LONGEST_LIFE_MS)
    throw new Error(`a ${channel} life must end with a final status within ${LONGEST_LIFE_MS} ms`);
  let said = 0;
  for (const { say } of steps) if (say) say.sid = sidOf(life, said++);
  plans.set(life, steps);
  return steps;
}

/** A message's SID, Twilio-style: SM and 32 hexadecimal digits, drawn from the life's seed and the message's place. */
function sidOf(life: Life, index: number): string {
  const random = seeded(seedOf(life.seed, index));
  return `SM${Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')}`;
}

/**
 * `base` as its life has it `elapsed` ms after its creation at `createdAt`
 * (ms since the epoch): its status, its messages so far and its transcript,
 * and its duration, which grows while the conversation lasts and is fixed
 * once the call has ended. The other fields are base's.
 */
export function liveCall(base: Call, channel: CallChannel, life: Life, createdAt: number, elapsed: number): Call {
  let status = base.status;
  let talksFrom: number | undefined;
  let endsAt: number | undefined;
  let fixed: number | undefined;
  const messages: Message[] = [];
  for (const step of planOf(life, channel)) {
    if (step.at > Math.max(0, elapsed)) break;
    if (step.say) {
      const { sender, content, sid = '' } = step.say;
      const timestamp = new Date(createdAt + step.at).toISOString();
      messages.push({ sid, timestamp, sender, content, status: sender === 'agent' ? 'delivered' : 'received' });
    }
    if (step.talks) talksFrom = step.at;
    if (step.duration !== undefined) fixed = step.duration;
    if (step.status !== undefined) {
      status = step.status;
      if (isFinalStatus(status)) endsAt = step.at;
    }
  }
  const duration = fixed ?? (talksFrom === undefined ? 0 : Math.floor(((endsAt ?? Math.max(0, elapsed)) - talksFrom) / 1000));
  const transcription = messages.map((message) => `${message.sender === 'agent' ? 'Agent' : 'Customer'}: ${message.content}`).join('\n');
  return { ...base, status, messages, transcription, duration };
}
