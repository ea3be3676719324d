// The published examples, exactly as printed, against the contract: they must
// fail precisely where the published pages are wrong, and nowhere else.
import { describe, expect, it } from 'vitest';
import { ContractValidator, loadBundle, readFixture } from '../helpers/contract.js';

const spec = loadBundle();
const contract = new ContractValidator(spec);
const publishedCall = readFixture('published/get-call-response.json') as Record<string, unknown>;
const publishedUpdateBody = readFixture('published/update-call-request.json') as Record<string, unknown>;
const publishedUpdateResponse = readFixture('published/update-call-response.json') as Record<string, unknown>;
const publishedCreateBody = readFixture('published/create-call-request.json') as Record<string, unknown>;
const publishedCreateResponse = readFixture('published/create-call-response.json') as Record<string, unknown>;

/** The three corrections the contract makes to the published call example. */
const CORRECTIONS = { duration: 7200, agentEmail: 'agent@example.com', customerEmail: 'customer@example.com' };

describe('published Get Call example', () => {
  it('fails against Call on duration and both email fields, and nothing else', () => {
    expect(contract.problems('Call', publishedCall).sort()).toEqual([
      '/agentEmail: must match format "email"',
      '/customerEmail: must match format "email"',
      '/duration: must be integer',
    ]);
  });

  it('passes once those three fields are corrected', () => {
    expect(contract.problems('Call', { ...publishedCall, ...CORRECTIONS })).toEqual([]);
  });

  it('is, corrected, the CallInProgress example of the spec', () => {
    expect(spec.components.examples.CallInProgress?.value).toEqual({ ...publishedCall, ...CORRECTIONS });
  });

  it('holds message objects, which the published string[] type would refuse', () => {
    const asPublished = { type: 'array', items: { type: 'string' } };
    expect(contract.problems(asPublished, publishedCall.messages)).toEqual(['/0: must be string']);
    expect(contract.problems({ type: 'array', items: { $ref: '#/components/schemas/Message' } }, publishedCall.messages)).toEqual([]);
  });
});

describe('published Update Call example', () => {
  it('sends a body that passes UpdateCallRequest', () => {
    expect(contract.problems('UpdateCallRequest', publishedUpdateBody)).toEqual([]);
  });

  it('is the CompleteWithNote example of the spec, unchanged', () => {
    expect(spec.components.examples.CompleteWithNote?.value).toEqual(publishedUpdateBody);
  });

  it('answers with the same call as Get Call, with the same three mistakes', () => {
    expect(publishedUpdateResponse).toEqual(publishedCall);
  });

  it('is answered in the spec by a call whose status reflects the update', () => {
    const updated = spec.components.examples.CallUpdated?.value as Record<string, unknown>;
    expect(publishedUpdateResponse.status).toBe('in-progress');
    expect(updated).toEqual({ ...publishedUpdateResponse, ...CORRECTIONS, status: publishedUpdateBody.status, agentId: publishedUpdateBody.agentId });
  });
});

describe('published Create Call example', () => {
  // Its contradictions are between fields (two names, two email addresses) and inside
  // free text (the prompt), which no JSON Schema keyword can see: the body is valid.
  it('sends a body that passes CreateCallRequest: its contradictions are not schema-level', () => {
    expect(contract.problems('CreateCallRequest', publishedCreateBody)).toEqual([]);
  });

  it('is, settled, the StartPhoneCall example: different exactly where the page contradicts itself', () => {
    const settled = spec.components.examples.StartPhoneCall?.value as Record<string, unknown>;
    const differences = (a: unknown, b: unknown, path = ''): string[] => {
      if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      return keys.flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`));
    };
    expect(differences(publishedCreateBody, settled).sort()).toEqual([
      '/agentOverride/prompt/initialMessage',
      '/agentOverride/prompt/prompt',
      '/customerEmail',
      '/customerName',
      '/customerOverride/email',
    ]);
    // One customer, one name and one address, wherever they are given.
    expect(settled.customerName).toBe(`${String((settled.customerOverride as Record<string, unknown>).firstName)} Doe`);
    expect((settled.customerOverride as Record<string, unknown>).email).toBe(settled.customerEmail);
    // Every placeholder of the prompt is filled by a custom field or a built-in one.
    const fields = ((settled.customerOverride as { customFields: Array<{ name: string }> }).customFields ?? []).map((field) => field.name);
    const prompt = JSON.stringify((settled.agentOverride as Record<string, unknown>).prompt);
    for (const [, name] of prompt.matchAll(/\{\{([^}]+)\}\}/g)) expect(['firstName', 'aiName', ...fields]).toContain(name);
    expect(prompt).not.toMatch(/ {2}|\bsponsibility/);
  });

  it('answers with the Get Call object, failing Call on duration and both email fields only', () => {
    expect(contract.problems('Call', publishedCreateResponse).sort()).toEqual([
      '/agentEmail: must match format "email"',
      '/customerEmail: must match format "email"',
      '/duration: must be integer',
    ]);
  });
});

describe('CreateCallRequest', () => {
  it('requires agentId, channel, skillId and customerOverride, and nothing else', () => {
    expect(contract.problems('CreateCallRequest', {}).sort()).toEqual([
      "/: must have required property 'agentId'",
      "/: must have required property 'channel'",
      "/: must have required property 'customerOverride'",
      "/: must have required property 'skillId'",
    ]);
    expect(contract.problems('CreateCallRequest', spec.components.examples.StartWhatsAppChat?.value)).toEqual([]);
  });

  it('stays open to fields the cut-off page may not show, and takes a custom value of any published type', () => {
    const body = { ...(spec.components.examples.StartWhatsAppChat?.value as object), priority: 'high' };
    expect(contract.problems('CreateCallRequest', body)).toEqual([]);
    expect(contract.problems('CustomField', { name: 'x', value: null })).toContain('/value: must be string');
  });

  it('refuses a channel outside the five published ones', () => {
    expect(contract.problems('CallChannel', 'fax')).toEqual(['/: must be equal to one of the allowed values']);
  });
});

describe('UpdateCallRequest', () => {
  it('refuses a body with no property', () => {
    expect(contract.problems('UpdateCallRequest', {})).toEqual(['/: must NOT have fewer than 1 properties']);
  });

  it('refuses an unknown property, even next to valid ones', () => {
    expect(contract.problems('UpdateCallRequest', { status: 'completed', priority: 'high' })).toEqual(['/: must NOT have additional properties']);
  });

  it('refuses a status outside CallStatus and an agentId that is not a UUID, and sets no limit on the note', () => {
    expect(contract.problems('UpdateCallRequest', { status: 'done', agentId: '42', note: 'x'.repeat(100_000) }).sort()).toEqual([
      '/agentId: must match format "uuid"',
      '/status: must be equal to one of the allowed values',
    ]);
  });

  it('accepts each field alone', () => {
    for (const body of [{ agentId: '123e4567-e89b-12d3-a456-426614174000' }, { status: 'queued' }, { note: 'x'.repeat(2000) }]) {
      expect(contract.problems('UpdateCallRequest', body)).toEqual([]);
    }
  });
});

describe('CallStatus', () => {
  it('lists the 19 published call statuses', () => {
    const status = spec.components.schemas.CallStatus as { enum: string[] };
    expect(status.enum).toHaveLength(19);
    expect(new Set(status.enum).size).toBe(19);
  });
});

describe('ErrorResponse', () => {
  it('accepts the NestJS default bodies: validation list, single message, no reason phrase', () => {
    expect(contract.problems('ErrorResponse', { statusCode: 400, message: ['id must be a UUID'], error: 'Bad Request' })).toEqual([]);
    expect(contract.problems('ErrorResponse', { statusCode: 500, message: 'Internal server error' })).toEqual([]);
  });

  it('refuses a body without statusCode or message', () => {
    expect(contract.problems('ErrorResponse', { error: 'Not Found' }).sort()).toEqual([
      "/: must have required property 'message'",
      "/: must have required property 'statusCode'",
    ]);
  });
});
