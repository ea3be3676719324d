// Type-level checks on the public client API.
import { describe, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createCallsClient,
  ElementeError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  type Call,
  type CallsClient,
  type CallStatus,
  type ErrorResponse,
  type Message,
  type UpdateCallRequest,
  type ValidationIssue,
} from '../src/index.js';
import type { Call as GeneratedCall } from '../generated/schema.js';

declare const client: CallsClient;
const id = '123e4567-e89b-12d3-a456-426614174000';

describe('client types', () => {
  it('re-exports the generated types, not copies', () => {
    expectTypeOf<Call>().toEqualTypeOf<GeneratedCall>();
    expectTypeOf<Call['messages']>().toEqualTypeOf<Message[]>();
  });

  it('returns Call from both methods', () => {
    expectTypeOf(client.getCall(id)).toEqualTypeOf<Promise<Call>>();
    expectTypeOf(client.updateCall(id, { status: 'completed' })).toEqualTypeOf<Promise<Call>>();
    expectTypeOf(createCallsClient({ username: 'u', password: 'p' })).toEqualTypeOf<CallsClient>();
  });

  it('refuses wrong bodies and missing arguments at compile time', () => {
    // @ts-expect-error a note must be a string, not a number
    void client.updateCall(id, { note: 42 });
    // @ts-expect-error "done" is not a CallStatus
    void client.updateCall(id, { status: 'done' });
    // @ts-expect-error the id is required
    void client.getCall();
    // @ts-expect-error the body is required
    void client.updateCall(id);
    // @ts-expect-error unknown fields are refused
    void client.updateCall(id, { status: 'completed', priority: 'high' });
    const body: UpdateCallRequest = { agentId: id };
    void client.updateCall(id, body);
  });

  it('types the raw client from the contract', async () => {
    const { data, error } = await client.raw.GET('/api/v1/calls/{id}', { params: { path: { id } } });
    expectTypeOf(data).toEqualTypeOf<Call | undefined>();
    expectTypeOf(error).toEqualTypeOf<ErrorResponse | undefined>();
    // @ts-expect-error the path parameter is required
    void client.raw.GET('/api/v1/calls/{id}', {});
  });

  it('builds every error class on ElementeError, with typed fields', () => {
    for (const ErrorClass of [ApiError, BadRequestError, AuthenticationError, NotFoundError, RateLimitError, ServerError, ConnectionError, TimeoutError, ResponseValidationError, InvalidArgumentError]) {
      expectTypeOf(ErrorClass.prototype).toMatchTypeOf<ElementeError>();
    }
    expectTypeOf<BadRequestError>().toMatchTypeOf<ApiError>();
    expectTypeOf<BadRequestError['messages']>().toEqualTypeOf<string[]>();
    expectTypeOf<RateLimitError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ApiError['body']>().toEqualTypeOf<ErrorResponse | string | undefined>();
    expectTypeOf<ApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError['operation']>().toEqualTypeOf<string>();
    expectTypeOf<ResponseValidationError['issues']>().toEqualTypeOf<ValidationIssue[]>();
    expectTypeOf<CallStatus>().toMatchTypeOf<string>();
  });
});
