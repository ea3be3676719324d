// A real Prism process on a free loopback port, ready, for a test: the
// scripts' startPrism, with the port chosen and the wait for its answer.
import { join } from 'node:path';
import { findFreePort } from '../../scripts/lib/ports.js';
import { startPrism, waitForHttp } from '../../scripts/lib/prism.js';
import { GENERATED_DIR } from '../../scripts/lib/project.js';

export interface PrismProcess {
  url: string;
  /** Everything Prism printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrismOptions {
  mode?: 'mock' | 'proxy';
  /** For proxy mode: the server to forward to. */
  upstream?: string;
  spec?: string;
  args?: string[];
}

export async function prismOnFreePort(options: PrismOptions = {}): Promise<PrismProcess> {
  const { mode = 'mock', spec = join(GENERATED_DIR, 'openapi.json'), args = [] } = options;
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const positional = mode === 'proxy' ? [spec, options.upstream ?? ''] : [spec];
  const prism = startPrism([mode, ...positional, '--host', '127.0.0.1', '--port', String(port), ...args]);
  try {
    await waitForHttp(url, prism);
  } catch (error) {
    await prism.stop();
    throw error;
  }
  return { url, output: () => prism.stdout() + prism.stderr(), stop: () => prism.stop() };
}
