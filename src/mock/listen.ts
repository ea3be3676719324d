// Where a server listens, read and checked once for the mock's bin and the
// project's scripts: the port and host, one clear line when either is
// wrong or cannot be had, and the URL a client on this machine uses.
import type { Server } from 'node:net';
import { isLoopbackHost } from '../internal/checks.js';

/** A problem starting a server, said in one line. */
export class StartError extends Error {
  override name = 'StartError';
}

/** A port from the command line or the environment: 1 to 65535. */
export function readPort(raw: string, source: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new StartError(`${source} must be a number from 1 to 65535, not "${raw}"`);
  return port;
}

/** A host to listen on; an empty one is refused, since Node would listen on every interface. */
export function readHost(raw: string, source: string): string {
  if (raw.trim() === '') throw new StartError(`${source} must not be empty: use 127.0.0.1 (this machine), or 0.0.0.0 to listen on every interface`);
  return raw;
}

/** True for a host that listens on every interface. */
export const isEveryInterface = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

/** Listens on host:port, or throws a StartError that says why not; `choose` says how to pick another port (`--port`, `PORT=4021`). */
export function listen(server: Server, host: string, port: number, choose: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartError(`port ${port} on ${host} is already in use: stop what uses it, or choose another with ${choose}`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
        reject(new StartError(`cannot listen on ${host}: no such local address (try 127.0.0.1)`));
      else if (error.code === 'EACCES')
        reject(new StartError(`not allowed to listen on port ${port} (ports below 1024 need privileges): choose another with ${choose}`));
      else reject(new StartError(error.message));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** The URL a client on this machine uses to reach a server listening on host:port. */
export function localUrl(host: string, port: number): string {
  const reachable = isEveryInterface(host) ? '127.0.0.1' : host.replace(/^\[(.*)\]$/, '$1');
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** True for an Origin header naming a page served from this machine, by the client's one loopback rule (isLoopbackHost). */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined || !URL.canParse(origin)) return false;
  return isLoopbackHost(new URL(origin).hostname);
}

/** How often the parent process is looked for (see stopWhenOrphaned). */
const PARENT_CHECK_MS = 250;

/**
 * Calls `stop` once the process that started this one has ended. A SIGTERM
 * to `npm start`, `npm run` or `npx` ends npm without passing the signal on,
 * and this process is handed to another parent: it then stops as if signalled.
 */
export function stopWhenOrphaned(stop: () => void): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_CHECK_MS).unref();
}
