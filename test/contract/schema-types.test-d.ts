// Type-level checks on generated/schema.d.ts: the corrections reach the types.
import { describe, expectTypeOf, it } from 'vitest';
import type { Call, CallStatus, ErrorResponse, Message, MessageSender, operations, paths, UpdateCallRequest } from '../../generated/schema.js';

describe('generated types', () => {
  it('types messages as Message objects, not strings', () => {
    expectTypeOf<Call['messages']>().toEqualTypeOf<Message[]>();
    // @ts-expect-error the published type string[] is not assignable to Call['messages']
    const messages: Call['messages'] = ['Hello'];
    void messages;
  });

  it('types duration as a number, not a string', () => {
    expectTypeOf<Call['duration']>().toEqualTypeOf<number>();
    // @ts-expect-error the published example "7200" is not assignable to duration
    const duration: Call['duration'] = '7200';
    void duration;
  });

  it('types status as the literal union of the 19 published statuses', () => {
    expectTypeOf<Call['status']>().toEqualTypeOf<CallStatus>();
    expectTypeOf<CallStatus>().toEqualTypeOf<
      | 'failed'
      | 'voicemail'
      | 'ringing'
      | 'answer'
      | 'completed'
      | 'busy'
      | 'open'
      | 'close'
      | 'closed'
      | 'resolved'
      | 'no-answer'
      | 'canceled'
      | 'in-progress'
      | 'ongoing'
      | 'pending'
      | 'stalled'
      | 'expired'
      | 'processing'
      | 'queued'
    >();
    // @ts-expect-error a status that is not published is refused
    const status: CallStatus = 'done';
    void status;
  });

  it('types messages: sender is agent or customer, mediaUrl optional, status an open string', () => {
    expectTypeOf<Message['sender']>().toEqualTypeOf<MessageSender>();
    expectTypeOf<MessageSender>().toEqualTypeOf<'agent' | 'customer'>();
    expectTypeOf<Message['mediaUrl']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Message['status']>().toEqualTypeOf<string>();
  });

  it('makes every UpdateCallRequest field optional and typed', () => {
    expectTypeOf<UpdateCallRequest>().toEqualTypeOf<{ agentId?: string; status?: CallStatus; note?: string }>();
    // @ts-expect-error a field the contract does not know is refused
    const body: UpdateCallRequest = { status: 'completed', priority: 'high' };
    void body;
  });

  it('answers both operations with Call and errors with ErrorResponse', () => {
    expectTypeOf<operations['getCall']['responses'][200]['content']['application/json']>().toEqualTypeOf<Call>();
    expectTypeOf<operations['updateCall']['responses'][200]['content']['application/json']>().toEqualTypeOf<Call>();
    expectTypeOf<operations['updateCall']['responses'][400]['content']['application/json']>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<operations['getCall']['responses'][404]['content']['application/json']>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<ErrorResponse['message']>().toEqualTypeOf<string | string[]>();
    expectTypeOf<paths['/api/v1/calls/{id}']['parameters']['path']['id']>().toEqualTypeOf<string>();
  });
});
