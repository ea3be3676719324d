// Type-level checks on the public client API.
import { describe, expectTypeOf, it } from 'vitest';
import type { Call as GeneratedCall } from '../../generated/schema.js';
import { examples } from '../../src/examples.js';
import * as core from '../../src/index.js';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  type Call,
  type CallChannel,
  type CallStatus,
  type CallsClient,
  ConnectionError,
  type CreateCallRequest,
  type CustomerOverride,
  createCallsClient,
  type ElementeError,
  type ErrorResponse,
  InvalidArgumentError,
  type ListCallsFilters,
  type Message,
  NotFoundError,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ResponseValidationError,
  type ResponseValidator,
  ServerError,
  TimeoutError,
  type UpdateCallRequest,
  type ValidationIssue,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { responseValidator } from '../../src/validation.js';

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

  it('types listCalls and createCall from the contract', () => {
    expectTypeOf(client.listCalls()).toEqualTypeOf<Promise<Call[]>>();
    expectTypeOf(
      client.listCalls({ status: 'completed', channel: 'sms', hrs: 24, dateRange: { from: '2025-03-01', to: '2025-03-31' }, sanitised: 'yes' }),
    ).toEqualTypeOf<Promise<Call[]>>();
    expectTypeOf<ListCallsFilters['status']>().toEqualTypeOf<CallStatus | undefined>();
    expectTypeOf<ListCallsFilters['channel']>().toEqualTypeOf<CallChannel | undefined>();
    expectTypeOf(client.createCall({ agentId: id, channel: 'call', skillId: id, customerOverride: {} })).toEqualTypeOf<Promise<Call>>();
    expectTypeOf<CreateCallRequest['customerOverride']>().toEqualTypeOf<CustomerOverride>();
    // @ts-expect-error "done" is not a CallStatus, so not a status filter
    void client.listCalls({ status: 'done' });
    // @ts-expect-error "fax" is not a CallChannel
    void client.listCalls({ channel: 'fax' });
    // @ts-expect-error page is not a filter: no pagination is published
    void client.listCalls({ page: 2 });
    // @ts-expect-error skillId is a required field of a create body
    void client.createCall({ agentId: id, channel: 'call', customerOverride: {} });
    // @ts-expect-error customerOverride is required too (inferred; see the corrections)
    void client.createCall({ agentId: id, channel: 'call', skillId: id });
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
    const raw = createRawClient({ username: 'u', password: 'p' });
    const { data, error } = await raw.GET('/api/v1/calls/{id}', { params: { path: { id } } });
    expectTypeOf(data).toEqualTypeOf<Call | undefined>();
    expectTypeOf(error).toEqualTypeOf<ErrorResponse | undefined>();
    // @ts-expect-error the path parameter is required
    void raw.GET('/api/v1/calls/{id}', {});
  });

  it('takes the validation subpath as validateResponses, and nothing else', () => {
    expectTypeOf(responseValidator).toEqualTypeOf<ResponseValidator>();
    void createCallsClient({ validateResponses: responseValidator });
    // @ts-expect-error version 1's boolean is gone: pass the validator
    void createCallsClient({ validateResponses: true });
  });

  it('types each example by the schema it illustrates', () => {
    expectTypeOf(examples.CallCompleted).toEqualTypeOf<Call>();
    expectTypeOf(examples.CompleteWithNote).toEqualTypeOf<UpdateCallRequest>();
    expectTypeOf(examples.CallNotFound).toEqualTypeOf<ErrorResponse>();
  });

  it('keeps internals out of the core entry', () => {
    // @ts-expect-error encodeBasicAuth is internal since 2.0
    void core.encodeBasicAuth;
    // @ts-expect-error the defaults are internal since 2.0
    void core.DEFAULT_TIMEOUT_MS;
    // @ts-expect-error the client has no raw property since 2.0: import createRawClient from '@elemente/calls-api/raw'
    void client.raw;
  });

  it('builds every error class on ElementeError, with typed fields', () => {
    for (const ErrorClass of [
      ApiError,
      BadRequestError,
      AuthenticationError,
      NotFoundError,
      RateLimitError,
      ServerError,
      RedirectError,
      ConnectionError,
      TimeoutError,
      ResponseTooLargeError,
      ResponseValidationError,
      InvalidArgumentError,
    ]) {
      expectTypeOf(ErrorClass.prototype).toMatchTypeOf<ElementeError>();
    }
    expectTypeOf<BadRequestError>().toMatchTypeOf<ApiError>();
    expectTypeOf<BadRequestError['messages']>().toEqualTypeOf<string[]>();
    expectTypeOf<RateLimitError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ServerError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RedirectError['location']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ConnectionError['code']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<ApiError['body']>().toEqualTypeOf<ErrorResponse | string | undefined>();
    expectTypeOf<ApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiError['operation']>().toEqualTypeOf<string>();
    expectTypeOf<ResponseValidationError['issues']>().toEqualTypeOf<ValidationIssue[]>();
    expectTypeOf<CallStatus>().toMatchTypeOf<string>();
  });
});
