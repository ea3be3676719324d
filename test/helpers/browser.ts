// Headless Chromium for tests that look at a rendered page, with the network
// closed: the page may read local files and nothing else, and every request it
// tries to send elsewhere is refused and recorded, so a test can tell a page
// that works offline from one that only works on a connected machine.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Chromium from the system package: playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  // Tests run as root in a container, where Chromium's sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  // Without the next five Chromium phones home on its own (component updates,
  // field trials, sync, QUIC probes, first-run set-up): on a closed network
  // each attempt fails and slows the start, and none of it is the page's doing.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--disable-sync',
  '--no-first-run',
];

/** Schemes that never leave the page: the files it is opened from, and in-memory data and blob URLs. */
const LOCAL_SCHEMES = new Set(['file:', 'data:', 'blob:']);

export interface BlockedRequest {
  url: string;
  /** Chromium's resource type: `image`, `script`, `fetch`, `websocket`... */
  resourceType: string;
}

export interface OfflinePage {
  page: Page;
  /** Every request the page tried to send off the machine, in order; all were refused. */
  blocked: BlockedRequest[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** What the page printed with console.error, Chromium's own load failures included. */
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a fresh context (no storage shared with other tests) with
 * every non-local request refused, and waits for the `load` event. The
 * viewport is set before the page loads: a page that lays itself out for a
 * phone decides so on its first render.
 */
export async function openOffline(
  browser: Browser,
  url: string,
  options: { timeout: number; viewport?: { width: number; height: number } },
): Promise<OfflinePage> {
  // A service worker's requests bypass page.route, so none may register.
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeout);
  const opened: OfflinePage = { page, blocked: [], pageErrors: [], consoleErrors: [], close: () => context.close() };
  page.on('pageerror', (error) => opened.pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  // data: and blob: URLs read memory, not the network, so they are let
  // through; Chromium does not even hand them to the route handler (checked
  // with Chromium 156), this only keeps a future version from blocking them.
  await page.route('**/*', (route) => {
    const request = route.request();
    if (LOCAL_SCHEMES.has(new URL(request.url()).protocol)) return route.continue();
    opened.blocked.push({ url: request.url(), resourceType: request.resourceType() });
    return route.abort('blockedbyclient');
  });
  // WebSockets do not pass through page.route; with no connectToServer() the
  // socket never reaches a server.
  await page.routeWebSocket(/.*/, (socket) => {
    opened.blocked.push({ url: socket.url(), resourceType: 'websocket' });
    return socket.close({ code: 1008, reason: 'blocked by the test' });
  });
  await page.goto(url, { waitUntil: 'load', timeout: options.timeout });
  return opened;
}
