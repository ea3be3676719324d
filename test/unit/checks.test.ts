// The checks the client runs on input before anything is sent (src/internal/checks.ts):
// text, headers, bodies, hosts, ids and list filters. Each refusal is an
// InvalidArgumentError that names the argument and never repeats the value.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  assertCallId,
  assertText,
  checkCreateBody,
  checkHeader,
  checkHeaders,
  checkUpdateBody,
  copyJson,
  encodeListFilters,
  isLoopbackHost,
} from '../../src/internal/checks.js';
import { isLoopbackOrigin } from '../../src/mock/listen.js';
import { refusal } from '../helpers/refusals.js';

describe('assertText', () => {
  it.each(['', 'plain', 'with space', 'a\ttab', 'tilde~', 'pässwörd', '€ and 🔑'])('accepts %j', (value) => {
    expect(() => assertText('value', value)).not.toThrow();
  });

  it.each([
    ['NUL', '\u0000'],
    ['LF', '\n'],
    ['CR', '\r'],
    ['US', '\u001f'],
    ['DEL', '\u007f'],
  ])('refuses %s anywhere in the value, without repeating the value', (_name, character) => {
    for (const value of [`${character}start`, `mid${character}dle`, `end${character}`]) {
      expect(() => assertText('headers.x-note', value)).toThrow(
        refusal('headers.x-note', 'headers.x-note: must not contain control characters such as CR or LF'),
      );
    }
  });

  it('refuses a lone surrogate, which no encoding can send, and accepts a pair', () => {
    for (const value of ['\ud800', '\udfff', 'pass\ud800word']) expect(() => assertText('password', value)).toThrow(refusal('password'));
    expect(() => assertText('password', '🔑')).not.toThrow();
  });

  it.each([undefined, null, 1, ['a']])('refuses %j as not a string', (value) => {
    expect(() => assertText('username', value)).toThrow(refusal('username', 'username: must be a string'));
  });
});

describe('checkHeader and checkHeaders', () => {
  it.each([
    ['x-request-id', 'req-123'],
    ['Prefer', 'example=CallCompleted'],
    ["!#$%&'*+-.^_`|~09AZaz", 'any visible text'],
    ['x-empty', ''],
    ['x-latin1', 'café'],
    // RFC 9110 (5.5) allows HTAB inside a field value.
    ['x-tab', 'a\tb'],
  ])('accepts %s: %j', (name, value) => {
    expect(checkHeader(name, value)).toBe(name.toLowerCase());
  });

  it.each(['', 'x y', 'x:y', 'x\r\ny', 'x(y)', 'x"y', 'en-tête', 'x/y', 7])('refuses the header name %j', (name) => {
    expect(() => checkHeader(name, 'value')).toThrow(refusal('headers'));
  });

  it.each([
    'connection',
    'Keep-Alive',
    'transfer-encoding',
    'TE',
    'trailer',
    'upgrade',
    'Expect',
    'host',
    'content-length',
    'proxy-authorization',
    'Proxy-Connection',
  ])('refuses %s, a header fetch sets itself or refuses', (name) => {
    expect(() => checkHeader(name, 'x')).toThrow(refusal(`headers.${name}`, expect.stringContaining('is set by fetch, or refused')));
  });

  it("refuses authorization in any case: the credentials are the client's", () => {
    for (const name of ['authorization', 'Authorization', 'AUTHORIZATION']) {
      expect(() => checkHeader(name, 'Basic eA==')).toThrow(refusal(`headers.${name}`, expect.stringContaining('comes from the username and password')));
    }
  });

  it('refuses a value that could split the request, or that fetch cannot send, without repeating it', () => {
    const split = () => checkHeader('x-note', 'ok\r\nAuthorization: Basic c3RvbGVu');
    expect(split).toThrow(refusal('headers.x-note', expect.not.stringContaining('c3RvbGVu')));
    expect(split).toThrow(expect.toSatisfy((error) => !JSON.stringify(error).includes('c3RvbGVu')));
    expect(() => checkHeader('x-note', 'price in €')).toThrow(refusal('headers.x-note'));
    expect(() => checkHeader('x-note', 1)).toThrow(refusal('headers.x-note'));
  });

  it('checks a Headers instance and a list of pairs like a plain object', () => {
    expect(checkHeaders(new Headers({ Prefer: 'code=404' }))).toEqual({ prefer: 'code=404' });
    expect(checkHeaders([['Prefer', 'code=404']])).toEqual({ prefer: 'code=404' });
    expect(checkHeaders(undefined)).toEqual({});
    expect(() => checkHeaders(new Headers({ Authorization: 'Basic eA==' }))).toThrow(refusal('headers.authorization'));
    expect(() => checkHeaders([['Transfer-Encoding', 'chunked']])).toThrow(refusal('headers.Transfer-Encoding'));
    expect(() => checkHeaders([['a']])).toThrow(refusal('headers'));
    expect(() => checkHeaders('prefer: x')).toThrow(refusal('headers'));
  });
});

describe('copyJson and checkUpdateBody', () => {
  it.each([
    { status: 'completed' },
    { agentId: '123e4567-e89b-12d3-a456-426614174000' },
    { note: '' },
    { agentId: 'not checked here', status: 'canceled', note: "an agent id's format is the server's to judge" },
  ])('accepts %j as it is', (body) => {
    expect({ ...checkUpdateBody(body) }).toEqual(body);
  });

  it('refuses a status outside CallStatus, naming the values and not repeating the one given', () => {
    const outside = () => checkUpdateBody({ status: 'done-secret' });
    expect(outside).toThrow(refusal('body.status', expect.stringContaining('must be one of failed, voicemail')));
    expect(outside).toThrow(refusal('body.status', expect.not.stringContaining('done-secret')));
    for (const status of ['', 'Completed', ' completed', 'completed ']) expect(() => checkUpdateBody({ status }), status).toThrow(refusal('body.status'));
  });

  it('drops undefined fields, as JSON does', () => {
    expect({ ...checkUpdateBody({ status: 'completed', note: undefined }) }).toEqual({ status: 'completed' });
    expect(() => checkUpdateBody({ note: undefined })).toThrow(refusal('body', expect.stringContaining('at least one')));
  });

  it('refuses a body that is not a plain object', () => {
    for (const body of [null, undefined, 'note', 42, true, [], [{ status: 'completed' }], new Date(0), new Map()]) {
      expect(() => checkUpdateBody(body)).toThrow(refusal('body'));
    }
  });

  it('refuses an empty object, and does not count inherited fields, which JSON does not send', () => {
    expect(() => checkUpdateBody({})).toThrow(refusal('body', 'body: must contain at least one of agentId, status, note'));
    expect(() => checkUpdateBody(Object.create({ status: 'completed' }))).toThrow(refusal('body'));
  });

  it('refuses an unknown key and names it, but not the values', () => {
    const unknown = () => checkUpdateBody({ status: 'completed', priority: 'high-secret' });
    expect(unknown).toThrow(refusal('body', expect.stringContaining('"priority"')));
    expect(unknown).toThrow(refusal('body', expect.not.stringContaining('high-secret')));
    // An own __proto__ key (as JSON.parse makes it) is unknown too, not a prototype.
    expect(() => checkUpdateBody(JSON.parse('{"__proto__":"x"}'))).toThrow(refusal('body', expect.stringContaining('"__proto__"')));
  });

  it.each([
    ['status', 1],
    ['agentId', null],
    ['note', ['a']],
    ['status', { value: 'completed' }],
  ])('refuses a non-string %s', (key, value) => {
    expect(() => checkUpdateBody({ [key]: value })).toThrow(refusal(`body.${key}`, `body.${key}: must be a string`));
  });

  it('reads each field once, so a getter cannot make what is checked differ from what is sent', () => {
    let reads = 0;
    const body = {
      get status() {
        reads += 1;
        return reads === 1 ? 'completed' : 42;
      },
    };
    const copy = checkUpdateBody(body);
    expect(JSON.stringify(copy)).toBe('{"status":"completed"}');
    expect(reads).toBe(1);
  });

  it('sends the copy, not a toJSON of the original, enumerable or not', () => {
    const body = { status: 'completed' };
    Object.defineProperty(body, 'toJSON', { value: () => ({ status: 'canceled', injected: true }), enumerable: false });
    expect(JSON.stringify(checkUpdateBody(body))).toBe('{"status":"completed"}');
  });

  it('refuses what JSON cannot carry, naming where it is', () => {
    expect(() => copyJson({ a: [1, Number.NaN] }, 'body')).toThrow(refusal('body.a[1]'));
    expect(() => copyJson({ a: Infinity }, 'body')).toThrow(refusal('body.a'));
    expect(() => copyJson({ a: 1n }, 'body')).toThrow(refusal('body.a'));
    expect(() => copyJson({ a: () => 1 }, 'body')).toThrow(refusal('body.a'));
    expect(() => copyJson({ a: Symbol('s') }, 'body')).toThrow(refusal('body.a'));
    expect(() => copyJson({ a: '\ud800' }, 'body')).toThrow(refusal('body.a'));
    // biome-ignore lint/suspicious/noSparseArray: the hole is the input under test
    expect(() => copyJson({ a: [1, , 3] }, 'body')).toThrow(refusal('body.a[1]'));
  });

  it('refuses a cycle, and nesting deeper than any body of the contract, instead of overflowing the stack', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => copyJson(cycle, 'body')).toThrow(refusal('body.self.self.self.self.self.self.self.self', expect.stringContaining('deeper than 8')));
    let deep: unknown = 'x';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(() => copyJson(deep, 'body')).toThrow(InvalidArgumentError);
  });

  it('keeps plain objects from another realm and objects without a prototype', () => {
    expect({ ...(copyJson(Object.assign(Object.create(null), { a: 1 }), 'body') as object) }).toEqual({ a: 1 });
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.255.255.254', '127.0.0.0', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '128.0.0.1',
    '126.255.255.255',
    '127.0.0.256',
    '127.0.0',
    '127.0.0.1.nip.io',
    'localhost.example.com',
    'notlocalhost',
    // A subdomain of localhost is a name like any other, which a resolver may send anywhere.
    'a.localhost',
    'api.dev.localhost',
    'example.com',
    '0.0.0.0',
    '[::2]',
    '',
    // URL hostnames always bracket IPv6; the bare form is not one.
    '::1',
  ])('%j is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('agrees with the hostnames URL parsing produces', () => {
    expect(new URL('http://[::1]:1').hostname).toBe('[::1]');
    expect(isLoopbackHost(new URL('http://[::1]:1').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://[0:0:0:0:0:0:0:1]/').hostname)).toBe(true);
    // URL turns the short and hexadecimal IPv4 forms into dotted quads.
    expect(isLoopbackHost(new URL('http://127.1/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0x7f000001/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://LocalHost:8080/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0.0.0.0/').hostname)).toBe(false);
    expect(isLoopbackHost(new URL('http://localhost.example.com/').hostname)).toBe(false);
  });

  it("is the rule by which the mock and the proxy share credentials with a page's origin", () => {
    for (const origin of ['http://localhost.:5173', 'http://127.255.255.254:3000', 'http://[::1]:8080', 'http://127.1', 'http://LOCALHOST'])
      expect(isLoopbackOrigin(origin), origin).toBe(true);
    for (const origin of ['http://a.localhost:5173', 'https://app.example.com', 'http://0.0.0.0:3000', 'null', 'not a url'])
      expect(isLoopbackOrigin(origin), origin).toBe(false);
  });
});

describe('assertCallId', () => {
  it.each([
    '123e4567-e89b-12d3-a456-426614174000',
    '123E4567-E89B-12D3-A456-426614174000',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ])('accepts %s', (id) => {
    expect(() => assertCallId(id)).not.toThrow();
  });

  it.each([
    '123e4567e89b12d3a456426614174000',
    '{123e4567-e89b-12d3-a456-426614174000}',
    'urn:uuid:123e4567-e89b-12d3-a456-426614174000',
    '123e4567-e89b-12d3-a456-42661417400',
    '123e4567-e89b-12d3-a456-4266141740000',
    '123g4567-e89b-12d3-a456-426614174000',
    ' 123e4567-e89b-12d3-a456-426614174000',
    // `$` without the m flag ends at the end of the input, so a trailing newline cannot slip through.
    '123e4567-e89b-12d3-a456-426614174000\n',
    '../123e4567-e89b-12d3-a456-426614174000',
    '..',
  ])('refuses %j as not a UUID', (id) => {
    expect(() => assertCallId(id)).toThrow(refusal('id', expect.stringContaining('must be a UUID')));
  });

  it.each(['', undefined, null, 42, {}, ['123e4567-e89b-12d3-a456-426614174000']])('refuses %j, which is not a UUID string', (id) => {
    expect(() => assertCallId(id)).toThrow(refusal('id', 'id: must be a UUID such as 123e4567-e89b-12d3-a456-426614174000'));
  });
});

describe('encodeListFilters', () => {
  it('serializes every filter in a fixed order, dateRange as a deepObject', () => {
    expect(encodeListFilters(undefined)).toBe('');
    expect(encodeListFilters({})).toBe('');
    expect(encodeListFilters({ sanitised: 'yes', dateRange: { to: '2022-01-31', from: '2022-01-01' }, hrs: 1.5, channel: 'sms', status: 'no-answer' })).toBe(
      '?status=no-answer&channel=sms&hrs=1.5&dateRange[from]=2022-01-01&dateRange[to]=2022-01-31&sanitised=yes',
    );
    expect(encodeListFilters({ dateRange: { from: '2024-02-29' } })).toBe('?dateRange[from]=2024-02-29');
    expect(encodeListFilters({ sanitised: 'a&b=c d', status: undefined })).toBe('?sanitised=a%26b%3Dc%20d');
  });

  it.each<[string, unknown, string]>([
    ['an unknown filter', { page: 2 }, 'filters'],
    ['a status outside CallStatus', { status: 'done' }, 'filters.status'],
    ['a channel outside CallChannel', { channel: 'fax' }, 'filters.channel'],
    ['negative hours', { hrs: -1 }, 'filters.hrs'],
    ['hours as text', { hrs: '24' }, 'filters.hrs'],
    ['a date-time instead of a date', { dateRange: { from: '2022-01-01T00:00:00Z' } }, 'filters.dateRange.from'],
    ['a day that does not exist', { dateRange: { to: '2023-02-29' } }, 'filters.dateRange.to'],
    ['a month that does not exist', { dateRange: { from: '2022-13-01' } }, 'filters.dateRange.from'],
    ['a range that ends before it starts', { dateRange: { from: '2022-02-01', to: '2022-01-31' } }, 'filters.dateRange'],
    ['an unknown end of the range', { dateRange: { until: '2022-01-31' } }, 'filters.dateRange'],
    ['a CR in sanitised', { sanitised: 'yes\r\nx: 1' }, 'filters.sanitised'],
    ['filters that are not an object', 'status=completed', 'filters'],
  ])('refuses %s', (_name, filters, argument) => {
    expect(() => encodeListFilters(filters)).toThrow(refusal(argument));
  });
});

describe('checkCreateBody', () => {
  const minimal = {
    agentId: '3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b',
    channel: 'whatsapp',
    skillId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
    customerOverride: { firstName: 'Jonas' },
  };

  it('accepts the three fields both versions of the page require, and leaves the rest to the server', () => {
    expect(JSON.stringify(checkCreateBody(minimal))).toBe(JSON.stringify(minimal));
    const { customerOverride: _omitted, ...withoutOverride } = minimal;
    expect(() => checkCreateBody(withoutOverride)).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['no agentId', { ...minimal, agentId: undefined }, 'body.agentId'],
    ['no skillId', { ...minimal, skillId: undefined }, 'body.skillId'],
    ['a channel outside CallChannel', { ...minimal, channel: 'fax' }, 'body.channel'],
    ['no channel', { ...minimal, channel: undefined }, 'body.channel'],
    ['an array', [minimal], 'body'],
    [
      'a nested value JSON cannot carry',
      { ...minimal, customerOverride: { customFields: [{ name: 'n', value: Number.NaN }] } },
      'body.customerOverride.customFields[0].value',
    ],
  ])('refuses a body with %s', (_name, body, argument) => {
    expect(() => checkCreateBody(body)).toThrow(refusal(argument));
  });
});
