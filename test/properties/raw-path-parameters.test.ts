// Generated path parameters through the raw client: each is refused before
// sending, or sent as exactly one path segment that decodes back to it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';
import { loadBundle } from '../helpers/contract.js';
import { reply, useFaultServer } from '../helpers/fault-server.js';
import { rethrowUnless, settle } from '../helpers/settle.js';

const GET_EXAMPLE = loadBundle().components.examples.CallInProgress?.value;

describe('generated path parameters through raw', () => {
  const server = useFaultServer();

  it('400 generated ids are each refused, or sent as exactly one path segment that decodes back to the id', async () => {
    const raw = createRawClient({ baseUrl: server.url, username: 'fault', password: 'fault-secret', maxRetries: 0 });
    server.script(reply.json(200, GET_EXAMPLE));
    const id = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      // 'binary' never yields a lone surrogate; test/client/raw.test.ts refuses one.
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('', '.', '..', '...', '/', '%2e', '%2e%2e', '.%2e', '%2F', 'a/../b', '?x=1', '#top', '\r\n', '\\', '%', '%zz', ' '),
      fc.array(fc.constantFrom('.', '/', '%', '2', 'e', 'E', '?', '#', '\\', ' '), { maxLength: 8 }).map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(id, async (value) => {
        server.requests.length = 0;
        const settled = await settle(raw.GET('/api/v1/calls/{id}', { params: { path: { id: value } } }), 60_000);
        rethrowUnless(settled, InvalidArgumentError);
        // Refused exactly when the segment would be empty or a dot segment, or would carry a control character (HTAB excepted).
        const refuse = value === '' || value === '.' || value === '..' || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
        expect(settled.resolved).toBe(!refuse);
        if (refuse) {
          expect(server.requests).toHaveLength(0);
          return;
        }
        expect(server.requests).toHaveLength(1);
        const url = server.requests[0]?.url ?? '';
        const match = /^\/api\/v1\/calls\/([^/?#]*)$/.exec(url);
        expect(match, url).not.toBeNull();
        expect(decodeURIComponent(match?.[1] ?? '')).toBe(value);
      }),
      { numRuns: 400 },
    );
  });
});
