// The rendered docs are read as a reader reads them: generated/docs/index.html
// is opened from disk in headless Chromium with every request that would
// leave the machine refused, once on a laptop (1280 px) and once on a phone
// (390 px), and the test looks at the page itself: the operations on the
// first screen, the corrections, the code samples, the layout, and what
// axe-core finds. Static checks of the HTML cannot see this: Redoc builds the
// page in the browser from a 2.6 MB script.
//
// One page load per width, shared by the tests of that width, and every wait
// is on a condition: the page is the same page whichever test runs first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ABOUT_TITLE,
  CORRECTIONS_TITLE,
  correctionsForPage,
  correctionTitles,
  DOCS_FILE,
  inlineCdnLogos,
  operationRoute,
  readCorrections,
} from '../../scripts/docs.js';
import { GENERATED_DIR, operationsOf, ROOT } from '../../scripts/lib/project.js';
import { launchChromium, type OfflinePage, openOffline } from '../helpers/browser.js';
import { loadBundle } from '../helpers/contract.js';

const DOCS_URL = pathToFileURL(join(GENERATED_DIR, DOCS_FILE)).href;
// Two cores and 2.6 MB of JavaScript parsed per page: a cold start under a
// parallel test run takes several times what it takes alone.
const STEP_TIMEOUT = 60_000;
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type Sample = { lang: string; label: string; source: string };
type ObjectSchema = { properties: Record<string, unknown> };

const bundle = loadBundle();
const servers = bundle.servers as Array<{ url: string; description: string }>;
/** Where the mock server listens by default (`npm start`, `elemente-calls-mock`). */
const LOCAL_MOCK = 'http://127.0.0.1:4010';
/** The Prism the bin needs: the optional peer dependency, as pinned. */
const PRISM_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> }).peerDependencies[
  '@stoplight/prism-cli'
];
const operations = operationsOf(bundle).map(({ path, method, operationId, operation }) => ({
  path,
  method,
  operationId,
  summary: String(operation.summary),
  samples: operation['x-codeSamples'] as Sample[],
}));
const propertiesOf = (name: string): string[] => Object.keys((bundle.components.schemas[name] as ObjectSchema).properties);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A heading's accessible name as Redoc builds it: its deep-link anchor's label, then the heading's text. */
const headingName = (text: string): RegExp => new RegExp(`(^|\\s)${escapeRegExp(text)}$`);

/** Retries `read` until the assertion chained on it holds; vitest's default of one second is too short here. */
function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: STEP_TIMEOUT, interval: 100 });
}

/** Visible text as trimmed, non-empty lines, without the zero-width spaces Redoc puts in long names. */
async function lines(locator: Locator): Promise<string[]> {
  return (await locator.innerText())
    .replaceAll('\u200b', '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The line right after the first line equal to `name`: the type Redoc prints under a property name. */
function typeLineOf(all: string[], name: string): string | undefined {
  const index = all.indexOf(name);
  return index === -1 ? undefined : all[index + 1];
}

/** An operation's section: Redoc's `data-section-id` container that holds the operation's heading. */
function sectionOf(page: Page, summary: string): Locator {
  return page.locator('[data-section-id]').filter({ has: page.getByRole('heading', { level: 2, name: headingName(summary) }) });
}

/** The operation's request-samples panel: the right-hand panel whose header names the path. */
function requestSamples(section: Locator, path: string): Locator {
  return section.getByTestId('right-panel').filter({ hasText: path }).first();
}

/**
 * Brings every operation into view in turn, as a reader scrolling down does,
 * and waits until each is rendered: its heading and the code of its request
 * samples. Redoc renders a section only once it nears the viewport.
 */
async function renderOperations(page: Page): Promise<void> {
  for (const operation of operations) {
    const section = page.locator(`[data-section-id="${operationRoute(operation.operationId).slice(1)}"]`);
    await section.scrollIntoViewIfNeeded();
    await section.getByRole('heading', { level: 2, name: headingName(operation.summary) }).waitFor();
    await requestSamples(section, operation.path).getByTestId('source-code').first().waitFor({ state: 'attached' });
  }
}

/** The corrections section, scrolled to and rendered. */
async function openCorrections(page: Page): Promise<Locator> {
  const section = page.locator('[data-section-id="/corrections-to-the-published-reference"]');
  await section.scrollIntoViewIfNeeded();
  await section.getByRole('heading', { level: 2, name: headingName(CORRECTIONS_TITLE) }).waitFor();
  return section;
}

/**
 * Shows the code sample labelled `label` and returns its code element. Redoc
 * shows one sample at a time; the label of the one shown opens a menu of the
 * others.
 */
async function showSample(page: Page, section: Locator, operation: (typeof operations)[number], label: string): Promise<Locator> {
  const panel = requestSamples(section, operation.path);
  await panel.scrollIntoViewIfNeeded();
  const labels = new RegExp(`^(${operation.samples.map((sample) => escapeRegExp(sample.label)).join('|')})$`);
  const header = panel.getByText(labels).first();
  if ((await header.innerText()) !== label) {
    await panel.getByRole('button', { name: labels }).click();
    // The item gets the click event a tap sends, without Playwright's pointer
    // checks: Redoc places this menu from the sizes it measures as it opens,
    // and on a 390 px screen in one busy CI run the item stayed past the
    // viewport's edge for a minute. What the callers test is the sample.
    await page.getByRole('menuitem').filter({ hasText: label }).dispatchEvent('click');
  }
  await eventually(() => header.innerText()).toBe(label);
  const code = panel.getByTestId('source-code').first();
  await code.scrollIntoViewIfNeeded();
  return code;
}

/**
 * Where the first line of a code block is covered by another element: for
 * each character box of that line, the element on top at its centre must be
 * inside the code block. Returns the covering elements found (none is right).
 */
function firstLineCoveredBy(code: Locator): Promise<string[]> {
  return code.evaluate((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const covering = new Set<string>();
    let top: number | undefined;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let index = 0; index < text.length; index += 1) {
        if (text[index] === '\n' && top !== undefined) return [...covering];
        if (/\s/.test(text[index]!)) continue;
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        const box = range.getBoundingClientRect();
        if (box.width === 0) continue;
        top ??= box.top;
        if (box.top > top + box.height / 2) return [...covering];
        const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (!onTop || !element.contains(onTop)) covering.add(onTop ? onTop.outerHTML.slice(0, 120) || onTop.tagName : 'nothing (outside the viewport)');
      }
    }
    return [...covering];
  });
}

/** Serious and critical axe-core violations on the page as it is, one line per rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Only violations are of interest, not the list of every node that passed; and not `region`, a
  // best-practice rule whose impact is always moderate: a third of the run, for nothing counted here.
  const { violations } = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .disableRules(['region'])
    .analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
}

/** The axe test each width runs last, on its page with every operation and the corrections rendered. */
function itHasNoSeriousViolations(docs: () => OfflinePage): void {
  it('has no serious or critical axe-core violation, with every operation and the corrections rendered', async () => {
    const { page } = docs();
    await renderOperations(page);
    await openCorrections(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

/** Whether any part of the element is inside the viewport. */
function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth && box.width > 0;
  });
}

/** How far the page itself scrolls sideways, in CSS pixels. */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('inlineCdnLogos', () => {
  it("replaces Redoc's CDN logos with inline images, and fails loudly once Redoc stops loading them", () => {
    const page = '<img src="https://cdn.redoc.ly/redoc/logo-mini-full.svg"><img src="https://cdn.redoc.ly/redoc/logo-mini.svg">';
    const inlined = inlineCdnLogos(page);
    expect(inlined).not.toContain('cdn.redoc.ly');
    expect(inlined.match(/src="data:image\/svg\+xml,/g)).toHaveLength(2);
    expect(() => inlineCdnLogos('<img src="https://cdn.redoc.ly/redoc/logo-mini.svg">')).toThrow(
      /no longer refer to https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini-full\.svg/,
    );
  });
});

describe('correctionsForPage', () => {
  it('makes every heading a bold line, so that Redoc keeps the whole list on one page', () => {
    expect(correctionsForPage('Intro.\n\n### 1. A title\n\n- **Published:** x\n\n## Part\n\nText about `### 2.`\n')).toBe(
      'Intro.\n\n**1. A title**\n\n- **Published:** x\n\n**Part**\n\nText about `### 2.`\n',
    );
  });
});

// Axe over the whole page takes 13 s on two quiet cores and 34 s with two busy loops beside it: each test may take 3 minutes, and
// none waits for anything but a condition, so the limit costs nothing when the page is well.
describe('rendered docs, opened offline in Chromium', { timeout: 180_000 }, () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the page at `viewport` before the tests of one width, and checks after them that it stayed offline and error-free. */
  function openAt(viewport: { width: number; height: number }): () => OfflinePage {
    let docs: OfflinePage | undefined;
    // biome-ignore lint/suspicious/noDuplicateTestHooks: called once per width, inside that width's describe
    beforeAll(async () => {
      if (!browser) throw new Error('Chromium did not start');
      docs = await openOffline(browser, DOCS_URL, { timeout: STEP_TIMEOUT, viewport });
      // The title is the first thing Redoc renders; before it, the page is an empty shell.
      await docs.page.getByRole('heading', { level: 1, name: /Elemente\.ai Calls API/ }).waitFor();
    }, STEP_TIMEOUT * 2);
    // biome-ignore lint/suspicious/noDuplicateTestHooks: called once per width, inside that width's describe
    afterAll(async () => {
      if (!docs) return;
      const { blocked, consoleErrors, pageErrors } = docs;
      await docs.close();
      // The page sends nothing off the machine (scripts/docs.ts inlines the
      // logo Redoc would load from its CDN), and nothing in it broke while
      // the tests clicked around.
      expect(blocked, 'requests the page tried to send off the machine').toEqual([]);
      expect(consoleErrors, 'console errors').toEqual([]);
      expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    });
    return () => {
      if (!docs) throw new Error('the page did not open');
      return docs;
    };
  }

  describe(`on a laptop, ${LAPTOP.width} px`, () => {
    const docs = openAt(LAPTOP);

    // Runs first, on the page as loaded: nothing has been clicked or scrolled.
    it('shows the operations on first load, before any click or scroll: the first one rendered, each one linked', async () => {
      const { page } = docs();
      const first = sectionOf(page, operations[0]!.summary);
      await first.getByRole('heading', { level: 2 }).waitFor();
      // On the first screen itself, not only in the page.
      expect(await inViewport(first.getByRole('heading', { level: 2 }))).toBe(true);
      // Its path and its code sample are there, not behind a menu entry.
      await first.getByText(operations[0]!.path, { exact: true }).first().waitFor({ state: 'attached' });
      await requestSamples(first, operations[0]!.path).getByTestId('source-code').first().waitFor({ state: 'attached' });
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      // The introduction opens with where to start: a link to each operation, with its method and path.
      const start = page.getByText('Start here:').locator('..');
      expect(await inViewport(start)).toBe(true);
      for (const operation of operations) {
        expect(await start.getByRole('link', { name: operation.summary }).getAttribute('href')).toBe(operationRoute(operation.operationId));
        expect(await start.innerText()).toContain(`${operation.method.toUpperCase()} ${operation.path}`);
      }
      // The operations come before the corrections, in the order of the spec.
      const order = await page.locator('[data-section-id]').evaluateAll((sections) => sections.map((section) => section.getAttribute('data-section-id')));
      const expected = [...operations.map((operation) => operationRoute(operation.operationId).slice(1)), '/corrections-to-the-published-reference'];
      expect(order.filter((id) => expected.includes(id ?? ''))).toEqual(expected);
    });

    it('explains authentication, errors and the local mock after the operations', async () => {
      const { page } = docs();
      const about = page.locator('[data-section-id="/authentication-errors-and-the-local-mock"]');
      await about.scrollIntoViewIfNeeded();
      await about.getByRole('heading', { level: 2, name: headingName(ABOUT_TITLE) }).waitFor();
      await about.getByText('Every operation requires HTTP Basic authentication').waitFor();
      await about.getByText('Every error response has the same body').waitFor();
      // What the local mock is, where it listens, and both ways to start it, with the Prism the bin needs.
      const mock = about.locator('p').filter({ hasText: /^Local mock\./ });
      await eventually(() => mock.innerText()).toContain(LOCAL_MOCK);
      const text = await mock.innerText();
      for (const part of ['npx elemente-calls-mock', `@stoplight/prism-cli@${PRISM_VERSION}`, 'npm start', '--stateful']) expect(text).toContain(part);
    });

    it('lists every server of the spec under its description, the local mock with how to start it', async () => {
      const { page } = docs();
      // Each item of the servers panel: its name (the server's description), then its URL.
      const items = page.getByTestId('server-panel-item-name').locator('xpath=../..');
      await eventually(() => items.count()).toBe(servers.length);
      await items.first().scrollIntoViewIfNeeded();
      // Polled: Chromium's innerText of a panel is empty while Redoc lays it out.
      await eventually(async () => Promise.all((await items.all()).map(lines))).toEqual(servers.map((server) => [server.description, server.url]));
      // Production first: tools that take the first server must not send real traffic to a mock.
      expect(servers[0]?.url).toBe('https://api.elemente.ai');
      const mock = servers.find((server) => server.url === LOCAL_MOCK);
      expect(mock, `a server at ${LOCAL_MOCK}`).toBeDefined();
      expect(mock?.description).toMatch(/^Local mock\b/);
      expect(mock?.description).toContain('npx elemente-calls-mock');
      expect(mock?.description).toContain('npm start');
    });

    it('shows every correction as a block of its own, in order, with real links into the repository', async () => {
      const { page } = docs();
      const corrections = await openCorrections(page);
      const titles = correctionTitles(await readCorrections()).map((title) => title.replaceAll('`', ''));
      expect(titles.length).toBeGreaterThanOrEqual(20);
      // Each entry's title is its own line, bold, in the order of corrections.md.
      await corrections
        .locator('strong')
        .filter({ hasText: titles.at(-1)! })
        .waitFor();
      // (textContent: Chromium's innerText of these is empty while Redoc lays the section out.)
      const bold = (await corrections.locator('strong').allTextContents()).map((text) => text.replaceAll('\u200b', '').trim());
      expect(bold.filter((text) => /^\d+\. /.test(text))).toEqual(titles);
      // Prose, not a table squeezed into a column.
      expect(await corrections.locator('table').count()).toBe(0);
      expect(await corrections.getByRole('link', { name: 'test/fixtures/published/' }).getAttribute('href')).toBe(
        'https://github.com/elemente-ai/calls-api/blob/main/test/fixtures/published/',
      );
    });

    it('getCall: the 200 response shows every Call property, messages as objects, duration as an integer', async () => {
      const { page } = docs();
      await renderOperations(page);
      const section = sectionOf(page, 'Get a call');
      const tab = section.getByRole('tab', { name: '200', exact: true });
      await tab.scrollIntoViewIfNeeded();
      if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
      await eventually(() => tab.getAttribute('aria-selected')).toBe('true');
      await section.getByText('duration', { exact: true }).first().waitFor();
      await eventually(() => lines(section)).toEqual(expect.arrayContaining(propertiesOf('Call')));
      const shown = await lines(section);
      // Published as a number with a string example; the contract says integer, and so must the page.
      expect(typeLineOf(shown, 'duration')).toMatch(/^integer\b/);
      expect(typeLineOf(shown, 'messages')).toMatch(/^Array of objects/);
    });

    it('updateCall: the request body shows agentId, status and note', async () => {
      const { page } = docs();
      await renderOperations(page);
      const section = sectionOf(page, 'Update a call');
      const request = section.getByTestId('middle-panel').filter({ has: page.getByRole('heading', { name: headingName('Request') }) });
      await request.getByText('note', { exact: true }).waitFor();
      expect(propertiesOf('UpdateCallRequest')).toEqual(['agentId', 'status', 'note']);
      // Polled: Chromium's innerText of a section is empty while Redoc lays it out.
      await eventually(() => lines(request)).toEqual(expect.arrayContaining(propertiesOf('UpdateCallRequest')));
      const shown = await lines(request);
      // No invented limit: the published page gives note no maximum length (corrections.md).
      expect(typeLineOf(shown, 'note')).toMatch(/^string$/);
    });

    // Redoc 3 shows only the samples whose label is in its codeSamples.languages
    // option (redocly.yaml); without an entry for '@elemente/calls-api' these
    // samples are in the page's data and no reader can reach them.
    it.each(operations.map((operation) => [operation.operationId, operation] as const))(
      '%s: shows its curl and TypeScript samples, uncovered',
      async (_id, operation) => {
        const { page } = docs();
        await renderOperations(page);
        const section = sectionOf(page, operation.summary);
        const curl = await showSample(page, section, operation, 'curl');
        await curl.waitFor({ state: 'visible' });
        expect(await curl.innerText()).toMatch(/^curl /);
        expect(await firstLineCoveredBy(curl)).toEqual([]);
        const typescript = await showSample(page, section, operation, '@elemente/calls-api');
        await typescript.waitFor({ state: 'visible' });
        expect(await typescript.innerText()).toContain("from '@elemente/calls-api'");
        expect(await firstLineCoveredBy(typescript)).toEqual([]);
      },
    );

    itHasNoSeriousViolations(docs);
  });

  describe(`on a phone, ${PHONE.width} px`, () => {
    const docs = openAt(PHONE);

    // Runs first, on the page as loaded.
    it('renders the first operation on load, before any click or scroll, and says where to start', async () => {
      const { page } = docs();
      await sectionOf(page, operations[0]!.summary).getByRole('heading', { level: 2 }).waitFor();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(await inViewport(page.getByText('Start here:'))).toBe(true);
    });

    it('reflows: nothing on the page scrolls sideways, the corrections included', async () => {
      const { page } = docs();
      await renderOperations(page);
      await openCorrections(page);
      expect(await sidewaysOverflow(page)).toBe(0);
      // No element sticks out of the viewport (cut text), other than inside a
      // box that scrolls itself. Checked across the whole page, rendered.
      const outside = await page.evaluate((width) => {
        const scrolls = (element: Element): boolean => {
          for (let at: Element | null = element.parentElement; at; at = at.parentElement) {
            const { overflowX } = getComputedStyle(at);
            if (overflowX === 'auto' || overflowX === 'scroll' || overflowX === 'hidden') return at !== document.documentElement && at !== document.body;
          }
          return false;
        };
        return [...document.querySelectorAll('[data-section-id] *')]
          .filter((element) => {
            const box = element.getBoundingClientRect();
            return box.width > 0 && box.right > width + 1 && !scrolls(element);
          })
          .map((element) => element.outerHTML.slice(0, 120));
      }, PHONE.width);
      expect(outside).toEqual([]);
    });

    it('closes the menu after navigating from it, and shows the operation', async () => {
      const { page } = docs();
      const menu = page.locator('ul[data-component-name="Menu/Menu"]').first();
      expect(await menu.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Open navigation menu' }).click();
      await menu.waitFor({ state: 'visible' });
      const target = operations.at(-1)!;
      await menu.getByRole('link', { name: new RegExp(escapeRegExp(target.summary)) }).click();
      await menu.waitFor({ state: 'hidden' });
      const heading = sectionOf(page, target.summary).getByRole('heading', { level: 2 });
      await eventually(() => inViewport(heading)).toBe(true);
    });

    it.each(operations.map((operation) => [operation.operationId, operation] as const))(
      '%s: its code sample fits, and its first line is uncovered',
      async (_id, operation) => {
        const { page } = docs();
        await renderOperations(page);
        const section = sectionOf(page, operation.summary);
        const code = await showSample(page, section, operation, '@elemente/calls-api');
        await code.waitFor({ state: 'visible' });
        expect(await code.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
        expect(await firstLineCoveredBy(code)).toEqual([]);
      },
    );

    itHasNoSeriousViolations(docs);
  });
});
