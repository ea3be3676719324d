// The rendered docs are read as a reader reads them: generated/docs/index.html
// is opened from disk in headless Chromium, with every request that would
// leave the machine refused, and the test looks for what a reader needs on the
// page itself: the introduction, both operations with their schemas, and the
// code samples. Static checks of the HTML cannot see this: Redoc builds the
// page in the browser from a 2.6 MB script, and renders parts of it only when
// they are opened or scrolled into view.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DOCS_FILE, inlineCdnLogos, readCorrections } from '../scripts/docs.js';
import { GENERATED_DIR, ROOT } from '../scripts/lib/project.js';
import { launchChromium, nextFrames, openOffline, screenshotWholePage, type OfflinePage } from './helpers/browser.js';
import { loadBundle } from './helpers/contract.js';

const DOCS_URL = pathToFileURL(join(GENERATED_DIR, DOCS_FILE)).href;
const SCREENSHOT = join(ROOT, 'test', 'artifacts', 'docs.png');
// Two cores and 2.6 MB of JavaScript parsed per page: a cold start under a
// parallel test run takes several times what it takes alone.
const STEP_TIMEOUT = 60_000;
const TEST_TIMEOUT = 180_000;

type Sample = { lang: string; label: string; source: string };
type Operation = { operationId: string; summary: string; 'x-codeSamples': Sample[] };
type ObjectSchema = { properties: Record<string, unknown> };

const bundle = loadBundle();
const operations = Object.fromEntries(
  Object.values(bundle.paths['/api/v1/calls/{id}'] ?? {})
    .filter((value): value is Operation => typeof value === 'object' && value !== null && 'operationId' in value)
    .map((operation) => [operation.operationId, operation]),
) as Record<'getCall' | 'updateCall', Operation>;
const propertiesOf = (name: string): string[] => Object.keys((bundle.components.schemas[name] as ObjectSchema).properties);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A heading's accessible name as Redoc builds it: its deep-link anchor's
 * label ("link to Get a call") followed by the heading's text.
 */
const headingName = (text: string): RegExp => new RegExp(`(^|\\s)${escapeRegExp(text)}$`);

/** Retries `read` until the assertion chained on it holds; vitest's default of one second is too short here. */
function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: STEP_TIMEOUT, interval: 200 });
}

/** The page's visible text as trimmed, non-empty lines, without the zero-width spaces Redoc puts in long names. */
async function lines(locator: Locator): Promise<string[]> {
  const text = await locator.innerText();
  return text
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

/**
 * Opens an operation as a reader does, from the sidebar, and returns its
 * section. Redoc 3 shows a tag's operations only once they are asked for.
 *
 * The page has no <section> or landmark per operation; Redoc's own
 * `data-section-id` (what its router scrolls to) is the container, picked by
 * the operation's heading rather than by the id's format.
 */
async function openOperation(page: Page, summary: string): Promise<Locator> {
  const link = page.getByRole('link', { name: summary });
  if (!(await link.isVisible())) await page.getByRole('link', { name: 'Calls', exact: true }).click();
  await link.click();
  const section = page.locator('[data-section-id]').filter({ has: page.getByRole('heading', { name: headingName(summary) }) });
  await section.getByRole('heading', { name: headingName(summary) }).waitFor();
  return section;
}

/** The operation's request-samples panel: the right-hand panel that names the path, as the code samples' header does. */
function requestSamples(section: Locator): Locator {
  return section.getByTestId('right-panel').filter({ hasText: '/api/v1/calls/{id}' });
}

/**
 * Shows the code sample labelled `label` and returns its code. Redoc shows one
 * sample at a time; the label of the one shown opens a menu of the others.
 */
async function showSample(page: Page, section: Locator, samples: Sample[], label: string): Promise<string> {
  const panel = requestSamples(section);
  await panel.waitFor();
  const labels = new RegExp(`^(${samples.map((sample) => escapeRegExp(sample.label)).join('|')})$`);
  // The label shown in the panel's header; the code below may contain the same word (`curl`).
  const header = panel.getByText(labels).first();
  if ((await header.innerText()) !== label) {
    const switcher = panel.getByRole('button', { name: labels });
    if (!(await switcher.isVisible())) {
      throw new Error(`the request samples show only "${await header.innerText()}", with no control to choose "${label}"`);
    }
    await switcher.click();
    const items = page.getByRole('menuitem');
    await items.first().waitFor();
    const offered = await items.allInnerTexts();
    if (!offered.includes(label)) {
      throw new Error(`the request samples offer ${offered.map((text) => `"${text}"`).join(', ')}, not "${label}"`);
    }
    await items.filter({ hasText: label }).click();
  }
  await eventually(() => header.innerText()).toBe(label);
  return panel.locator('pre').first().innerText();
}

describe('inlineCdnLogos', () => {
  it("replaces Redoc's CDN logos with inline images, and fails loudly once Redoc stops loading them", () => {
    const page = '<img src="https://cdn.redoc.ly/redoc/logo-mini-full.svg"><img src="https://cdn.redoc.ly/redoc/logo-mini.svg">';
    const inlined = inlineCdnLogos(page);
    expect(inlined).not.toContain('cdn.redoc.ly');
    expect(inlined.match(/src="data:image\/svg\+xml,/g)).toHaveLength(2);
    expect(() => inlineCdnLogos('<img src="https://cdn.redoc.ly/redoc/logo-mini.svg">')).toThrow(/no longer refer to https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini-full\.svg/);
  });
});

describe('rendered docs, opened offline in Chromium', { timeout: TEST_TIMEOUT }, () => {
  let browser: Browser | undefined;
  let docs: OfflinePage;

  beforeAll(async () => {
    browser = await launchChromium();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    if (!browser) throw new Error('Chromium did not start');
    docs = await openOffline(browser, DOCS_URL, { timeout: STEP_TIMEOUT });
    // The title is the first thing Redoc renders; before it, the page is an empty shell.
    await docs.page.getByRole('heading', { level: 1, name: /Elemente\.ai Calls API/ }).waitFor();
  }, STEP_TIMEOUT * 2);

  afterEach(async () => {
    await docs.close();
    // An exception thrown while a test clicked around is a broken page even when what the test looked for showed.
    expect(docs.pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  it('shows the introduction: authentication and every correction', async () => {
    const { page } = docs;
    await page.getByRole('heading', { level: 2, name: headingName('Authentication') }).waitFor();
    await page.getByText('Every operation requires HTTP Basic authentication').waitFor();

    await page.getByRole('heading', { level: 2, name: headingName('Corrections to the published reference') }).waitFor();
    // Every entry of openapi/corrections.md made it onto the page, as a heading of its own.
    const titles = [...(await readCorrections()).matchAll(/^#### (\d+\. .+)$/gm)].map((match) => match[1]!.replaceAll('`', ''));
    expect(titles.length).toBeGreaterThanOrEqual(10);
    const shown = await page.getByRole('heading', { level: 4 }).allInnerTexts();
    expect(shown.map((text) => text.replaceAll('\u200b', '').trim())).toEqual(expect.arrayContaining(titles));
    await page.getByText('Session duration in seconds').first().waitFor();
  });

  it('getCall: the 200 response shows every Call property, messages as Message objects, duration as an integer', async () => {
    const { page } = docs;
    const section = await openOperation(page, operations.getCall.summary);
    await section.getByRole('tab', { name: '200', exact: true }).click();
    await eventually(() => section.getByRole('tab', { name: '200', exact: true }).getAttribute('aria-selected')).toBe('true');

    const shown = await lines(section);
    for (const name of propertiesOf('Call')) expect(shown, `Call property ${name}`).toContain(name);
    // Published as a number with a string example; the contract says integer, and so must the page.
    const durationType = typeLineOf(shown, 'duration');
    expect(durationType).toMatch(/^integer\b/);
    expect(durationType).not.toMatch(/number|string/);
    expect(typeLineOf(shown, 'messages')).toMatch(/^Array of objects/);

    // The row of `messages` is the innermost block holding its name and the toggle of its items.
    const messages = section
      .locator('div')
      .filter({ has: page.getByText('messages', { exact: true }) })
      .filter({ has: page.getByRole('button', { name: /^[+−]$/ }) })
      .last();
    const toggle = messages.getByRole('button', { name: /^[+−]$/ }).first();
    if ((await toggle.innerText()) === '+') await toggle.click();
    await eventually(() => toggle.innerText()).toBe('−');
    // The items render when they come into view.
    await messages.scrollIntoViewIfNeeded();
    const itemNames = propertiesOf('Message');
    expect(itemNames).toEqual(['sid', 'timestamp', 'sender', 'content', 'mediaUrl', 'status']);
    // The result is the list of Message properties not shown, which must end up empty.
    await eventually(async () => {
      await nextFrames(page);
      const rows = await lines(messages);
      // Redoc prints an item property as `messages[].sid`; a plain `sid` would do as well.
      return itemNames.filter((name) => !rows.includes(name) && !rows.includes(`messages[].${name}`));
    }).toEqual([]);
  });

  it('updateCall: the request body shows agentId, status and note', async () => {
    const { page } = docs;
    const section = await openOperation(page, operations.updateCall.summary);
    const request = section.getByTestId('middle-panel').filter({ has: page.getByRole('heading', { name: headingName('Request') }) });
    await request.getByText('note', { exact: true }).waitFor();
    const shown = await lines(request);
    expect(propertiesOf('UpdateCallRequest')).toEqual(['agentId', 'status', 'note']);
    for (const name of propertiesOf('UpdateCallRequest')) expect(shown, `request body property ${name}`).toContain(name);
    expect(typeLineOf(shown, 'note')).toMatch(/^string\b.*2000/);
    // And the response is a Call, as for getCall.
    const responses = section.getByTestId('middle-panel').filter({ has: page.getByRole('heading', { name: headingName('Responses') }) });
    expect(await lines(responses)).toEqual(expect.arrayContaining(propertiesOf('Call')));
  });

  it.each(['getCall', 'updateCall'] as const)('%s: shows its curl sample', async (operationId) => {
    const operation = operations[operationId];
    const section = await openOperation(docs.page, operation.summary);
    const code = await showSample(docs.page, section, operation['x-codeSamples'], 'curl');
    expect(code).toMatch(/^curl /);
    expect(code).toContain('https://api.elemente.ai/api/v1/calls/');
    if (operationId === 'updateCall') expect(code).toContain('--request PUT');
  });

  // Redoc 3 shows only the samples whose label is in its codeSamples.languages
  // option (redocly.yaml); without an entry for '@elemente/calls-api' these
  // samples are in the page's data and no reader can reach them.
  it.each(['getCall', 'updateCall'] as const)('%s: shows its TypeScript sample', async (operationId) => {
    const operation = operations[operationId];
    const section = await openOperation(docs.page, operation.summary);
    const code = await showSample(docs.page, section, operation['x-codeSamples'], '@elemente/calls-api');
    expect(code).toContain('createCallsClient');
    expect(code).toContain("from '@elemente/calls-api'");
  });

  it('renders completely with every external request blocked, and saves a screenshot', async () => {
    const { page } = docs;
    for (const operation of Object.values(operations)) {
      const section = await openOperation(page, operation.summary);
      // The last property of the 200 response: the schemas are there, not just the headings.
      await section.getByText('duration', { exact: true }).first().waitFor();
    }
    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await screenshotWholePage(page, SCREENSHOT, { timeout: STEP_TIMEOUT });
    // With the whole page in view, everything in it has rendered: the nested Message properties too.
    const everything = await lines(page.locator('body'));
    for (const operation of Object.values(operations)) expect(everything).toContain(operation.summary);
    expect(everything.filter((line) => line === 'messages[].sid')).toHaveLength(2);

    console.log(
      `blocked external requests (${docs.blocked.length}):\n${docs.blocked.map((request) => `  ${request.resourceType} ${request.url}`).join('\n') || '  none'}`,
    );
    // The page tries to send nothing off the machine: no script, style
    // sheet, font or data request, and no image either (scripts/docs.ts
    // inlines the logo Redoc would load from its CDN).
    expect(docs.blocked).toEqual([]);
    expect(docs.consoleErrors).toEqual([]);
    expect(docs.pageErrors).toEqual([]);
  });
});
