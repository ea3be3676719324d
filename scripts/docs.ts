// Renders the bundled spec as one self-contained HTML page with Redocly:
// generated/docs/index.html.
//
// --inlineBundle puts Redoc itself into the page: by default build-docs loads
// it from a CDN when the page is opened, and offline the operations never
// render. The page records the Redocly version and the telemetry setting,
// both pinned (package.json, REDOCLY_ENV), so it is byte-stable.
//
// The page's introduction also carries the corrections from
// openapi/corrections.md, so readers of the docs see what differs from the
// published reference without leaving the page.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_DIR, ROOT, ScriptError, isEntryPoint, requireFile, runMain } from './lib/project.js';
import { runTool } from './lib/run.js';

export const DOCS_FILE = join('docs', 'index.html');
const CORRECTIONS = join(ROOT, 'openapi', 'corrections.md');

/** openapi/corrections.md with every heading one level down, so that its title sits beside the introduction's sections. */
export async function readCorrections(): Promise<string> {
  requireFile(CORRECTIONS, 'the list of corrections is read from it');
  const text = await readFile(CORRECTIONS, 'utf8');
  if (!text.startsWith('# ')) throw new ScriptError('openapi/corrections.md must start with its "# " title');
  return text.trim().replace(/^(#+) /gm, '#$1 ');
}

/**
 * Redoc's "API docs by Redocly" attribution loads its logo from Redocly's CDN
 * whenever the page is opened: the one request the page would send off the
 * machine, telling a third party who reads these docs and when. Each logo is
 * replaced by the word "Redocly" drawn in an inline SVG, so the attribution
 * stays and the page sends nothing anywhere.
 */
const CDN_LOGOS = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="16" viewBox="0 0 56 16"><text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="600" fill="#5c5c5c">Redocly</text></svg>',
)}`;

/** The page with every CDN logo inlined; throws if Redoc no longer loads them, so that this step is never silently dead. */
export function inlineCdnLogos(html: string): string {
  let result = html;
  for (const url of CDN_LOGOS) {
    if (!result.includes(url)) throw new ScriptError(`the built docs no longer refer to ${url}: check what Redoc loads from the network now, and update scripts/docs.ts`);
    result = result.replaceAll(url, INLINE_LOGO);
  }
  return result;
}

/** Renders `bundlePath` into `outFile`. */
export async function writeDocs(bundlePath: string, outFile: string): Promise<void> {
  requireFile(bundlePath, 'bundle the spec first (npm run generate)');
  const spec = JSON.parse(await readFile(bundlePath, 'utf8')) as { info: { description?: string } };
  spec.info.description = `${spec.info.description ?? ''}\n${await readCorrections()}\n`;
  const work = await mkdtemp(join(tmpdir(), 'calls-api-docs-'));
  try {
    const input = join(work, 'openapi.json');
    await writeFile(input, JSON.stringify(spec));
    await mkdir(join(outFile, '..'), { recursive: true });
    await runTool('redocly', ['build-docs', input, '--inlineBundle', '--output', outFile, '--title', 'Elemente.ai Calls API']);
    await writeFile(outFile, inlineCdnLogos(await readFile(outFile, 'utf8')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  runMain(() => writeDocs(join(GENERATED_DIR, 'openapi.json'), join(GENERATED_DIR, DOCS_FILE)));
}
