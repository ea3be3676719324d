// The client against a real Prism mock serving the contract: the answers, errors and refusals a caller gets from the API as specified.
import { describe, expect, inject, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  type Call,
  type CreateCallRequest,
  createCallsClient,
  InvalidArgumentError,
  NotFoundError,
  type UpdateCallRequest,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { responseValidator } from '../../src/validation.js';
import { CALL_ID, loadBundle } from '../helpers/contract.js';

const examples = loadBundle().components.examples;
const baseUrl = inject('prismUrl');
const client = createCallsClient({ baseUrl, username: 'integration', password: 'secret-pa55', validateResponses: responseValidator });
const raw = createRawClient({ baseUrl, username: 'integration', password: 'secret-pa55' });

describe('listCalls and createCall against the Prism mock', () => {
  it('listCalls returns the list, with and without filters', async () => {
    await expect(client.listCalls()).resolves.toEqual(examples.CallList?.value);
    const filtered = await client.listCalls({
      status: 'completed',
      channel: 'call',
      hrs: 24,
      dateRange: { from: '2025-03-01', to: '2025-03-31' },
      sanitised: 'yes',
    });
    expect(filtered).toEqual(examples.CallList?.value);
  });

  it('sends the filters in the form Prism parses: the same query with a bad date is refused by Prism', async () => {
    const sent: string[] = [];
    const recording = createCallsClient({
      baseUrl,
      username: 'integration',
      password: 'secret-pa55',
      fetch: (request) => {
        sent.push(request.url);
        return fetch(request);
      },
    });
    await recording.listCalls({ dateRange: { from: '2025-03-01', to: '2025-03-31' }, status: 'completed' });
    const url = sent[0] ?? '';
    expect(new URL(url).search).toBe('?status=completed&dateRange[from]=2025-03-01&dateRange[to]=2025-03-31');
    // Prism reads dateRange[from] as the deepObject member, not as an unknown parameter it would ignore.
    const broken = await fetch(url.replace('2025-03-01', '2025-13-01'), { headers: { authorization: `Basic ${btoa('integration:secret-pa55')}` } });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('sl-violations')).toContain('daterange.from');
  });

  it('createCall sends the body and returns the call', async () => {
    const call = await client.createCall(examples.StartWhatsAppChat?.value as CreateCallRequest);
    expect(call).toEqual(examples.CallCreated?.value);
    await expect(client.createCall(examples.StartPhoneCall?.value as CreateCallRequest)).resolves.toEqual(examples.CallCreated?.value);
  });

  it('createCall gives BadRequestError when Prism refuses what the client leaves to the server', async () => {
    const body = { ...(examples.StartWhatsAppChat?.value as object), customerOverride: { phoneNumber: '0151 1234 5678' } } as CreateCallRequest;
    const error = await client.createCall(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, operation: 'createCall', method: 'POST', path: '/api/v1/calls' });
  });
});

describe('client against the Prism mock', () => {
  it('getCall returns the call, typed, as the first GET example', async () => {
    const call: Call = await client.getCall(CALL_ID);
    expect(call).toEqual(examples.CallInProgress?.value);
    expect(call.duration).toBe(7200);
    expect(call.messages[0]?.sender).toBe('agent');
  });

  it('getCall serves a named example chosen with Prefer', async () => {
    const call = await client.getCall(CALL_ID, { headers: { Prefer: 'example=CallCompleted' } });
    expect(call).toEqual(examples.CallCompleted?.value);
  });

  it('updateCall sends the body and returns the updated call', async () => {
    const call = await client.updateCall(CALL_ID, { status: 'completed', note: 'follow up' });
    expect(call).toEqual(examples.CallUpdated?.value);
    expect(call.status).toBe('completed');
  });

  it('the raw client keeps the openapi-fetch union, with the same credentials', async () => {
    const { data, error, response } = await raw.GET('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.id).toBe(CALL_ID);
  });

  it('gives AuthenticationError without credentials, with the contract error body', async () => {
    const anonymous = createCallsClient({ baseUrl });
    const error = await anonymous.getCall(CALL_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, operation: 'getCall', method: 'GET', body: examples.Unauthorized?.value });
  });

  it('gives NotFoundError for Prefer: code=404', async () => {
    const error = await client.getCall(CALL_ID, { headers: { Prefer: 'code=404' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, body: { statusCode: 404, message: 'Call not found', error: 'Not Found' } });
    expect((error as Error).message).toBe(`getCall (GET /api/v1/calls/${CALL_ID}) failed with 404 Not Found: Call not found`);
  });

  it('refuses a bad body before sending it', async () => {
    // @ts-expect-error an unknown field is refused by the types too
    const error = await client.updateCall(CALL_ID, { priority: 'high' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
  });

  it('gives BadRequestError when a bad body reaches Prism through raw', async () => {
    const { error, response } = await raw.PUT('/api/v1/calls/{id}', {
      params: { path: { id: CALL_ID } },
      // Sent raw on purpose, past the types: the contract refuses an unknown field.
      body: { priority: 'high' } as unknown as UpdateCallRequest,
    });
    expect(response.status).toBe(400);
    expect(error).toEqual(examples.InvalidUpdateBody?.value);
  });

  it('refuses a status outside CallStatus before sending, where raw sends it and Prism refuses it', async () => {
    const error = await client.updateCall(CALL_ID, { status: 'done' as Call['status'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('body.status');
    const { response } = await raw.PUT('/api/v1/calls/{id}', { params: { path: { id: CALL_ID } }, body: { status: 'done' as Call['status'] } });
    expect(response.status).toBe(400);
  });

  it('maps a raw 400 from Prism to BadRequestError in the high-level method with an agent id Prism refuses', async () => {
    // The client leaves an agent id's format to the server: one that is not a UUID is sent and refused there.
    const error = await client.updateCall(CALL_ID, { agentId: 'not-a-uuid' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).messages.length).toBeGreaterThan(0);
    expect((error as BadRequestError).body).toEqual(examples.InvalidUpdateBody?.value);
  });
});
