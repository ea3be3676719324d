// Renders the bundled spec as one self-contained HTML page with Redocly:
// generated/docs/index.html (npm run docs; npm run generate runs it too).
//
// `build-docs --inlineBundle` puts Redoc 3 itself into the page, so it renders
// offline; the page records the Redocly version and the telemetry setting,
// both pinned (package.json, redocly.yaml), so it is byte-stable. What the
// page is given differs from the published bundle in these ways, each because
// Redoc 3 offers no option for it:
//   - Redoc 3 folds a tag's operations behind its menu entry, and renders a
//     section only once it nears the viewport. So the docs render the
//     operations without their tag, right after the introduction, and the
//     first one is on the first screen. Redoc files untagged operations
//     under the tag named '' (its "Other" group) and orders groups as the
//     root `tags` list does, so that list starts with '' and the
//     corrections come after the operations.
//   - The introduction starts with one line that says where to start: a
//     link to each operation, then the opening paragraph; its labelled
//     paragraphs (authentication, errors, the local mock, corrections)
//     become a section after the operations, so that on a phone too the
//     first operation is on the first screen.
//   - The corrections (openapi/corrections.md) are a section of their own
//     (an `x-traitTag`). Redoc would turn each heading of it into a separate
//     page, reachable only from the menu, so each heading becomes a bold
//     line: one short block per entry, all on the page.
//   - Links to files of the repository (relative in the markdown, so that
//     they work on GitHub) become links to the repository on GitHub.
//   - Where a request or response has several named examples, Redoc 3 picks
//     one with a button whose accessible name ("Example") does not contain
//     its visible text (axe: label-content-name-mismatch, serious). The page
//     shows the first example in the panel and the others, each with its
//     name, in the description of that request or response.
//   - Redoc 3 replaced Redoc 2's theme object with CSS custom properties:
//     scripts/docs-template.hbs, the page template build-docs takes, sets the
//     few whose default colours fail WCAG AA contrast, and lets long code
//     lines wrap on a phone.
// Redoc's attribution logo, the one request the page would send off the
// machine, is inlined afterwards.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deref, GENERATED_DIR, isEntryPoint, type Json, type OpenApiDocument, operationsOf, ROOT, requireFile, runMain, ScriptError } from './lib/project.js';
import { runTool } from './lib/run.js';

export const DOCS_FILE = join('docs', 'index.html');
const CORRECTIONS = join(ROOT, 'openapi', 'corrections.md');
const TEMPLATE = join(ROOT, 'scripts', 'docs-template.hbs');
const REPOSITORY = 'https://github.com/elemente-ai/calls-api/blob/main';
export const CORRECTIONS_TITLE = 'Corrections to the published reference';
export const ABOUT_TITLE = 'Authentication, errors and the local mock';

/**
 * Turns the markdown links of a file under openapi/ that point into the
 * repository (`../test/...`, `components/...`) into links to it on GitHub.
 */
export function linkToRepository(markdown: string, fileDir = 'openapi'): string {
  return markdown.replace(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_match, target: string) => {
    const resolved = new URL(target, `https://repo.invalid/${fileDir}/`).pathname;
    return `](${REPOSITORY}${resolved})`;
  });
}

/** openapi/corrections.md without its title, the links made absolute: the body of the corrections section. */
export async function readCorrections(): Promise<string> {
  requireFile(CORRECTIONS, 'the list of corrections is read from it');
  const text = await readFile(CORRECTIONS, 'utf8');
  const title = /^# (.+)\n/.exec(text);
  if (title?.[1] !== CORRECTIONS_TITLE) throw new ScriptError(`openapi/corrections.md must start with "# ${CORRECTIONS_TITLE}"`);
  return linkToRepository(text.slice(title[0].length).trim());
}

/** The entries' titles of the corrections, in order: what each `### ` heading says. */
export function correctionTitles(corrections: string): string[] {
  return [...corrections.matchAll(/^### (.+)$/gm)].map((match) => match[1]!);
}

/** The corrections as the page shows them: every heading (an entry's, or a part's) made a bold line of its own. */
export function correctionsForPage(corrections: string): string {
  return corrections.replace(/^#{1,6} (.+)$/gm, '**$1**');
}

/** The route Redoc 3 gives an operation without a tag. */
export function operationRoute(operationId: string): string {
  return `#/other/${operationId.toLowerCase()}`;
}

/**
 * Leaves each media type of `owner` (a request body or a response) with its
 * first example, and appends the others, named, to the owner's description.
 */
function oneExamplePerMediaType(spec: OpenApiDocument, owner: Json): void {
  const extra: string[] = [];
  for (const media of Object.values((owner.content ?? {}) as Record<string, Json>)) {
    const examples = Object.entries((media.examples ?? {}) as Record<string, Json>);
    if (examples.length < 2) continue;
    media.examples = Object.fromEntries(examples.slice(0, 1));
    for (const [name, reference] of examples.slice(1)) {
      const example = deref(spec, reference);
      const title = typeof example.summary === 'string' ? `${example.summary} (\`${name}\`)` : `\`${name}\``;
      const about = typeof example.description === 'string' ? `${example.description.trim()}\n\n` : '';
      extra.push(`**Example: ${title}.** ${about}\n\n\`\`\`json\n${JSON.stringify(example.value, null, 2)}\n\`\`\``);
    }
  }
  if (extra.length > 0) owner.description = [String(owner.description ?? '').trim(), ...extra].filter(Boolean).join('\n\n');
}

/** The spec as the docs page shows it (see the top of this file). */
export async function docsView(spec: OpenApiDocument): Promise<OpenApiDocument> {
  const view = structuredClone(spec);
  const operations = operationsOf(view);
  const owners = new Set<Json>();
  for (const { operation } of operations) {
    delete operation.tags;
    if (operation.requestBody) owners.add(deref(view, operation.requestBody as Json));
    for (const response of Object.values((operation.responses ?? {}) as Record<string, Json>)) owners.add(deref(view, response));
  }
  for (const owner of owners) oneExamplePerMediaType(view, owner);
  const start = operations.map(
    ({ path, method, operationId, operation }) => `[${String(operation.summary)}](${operationRoute(operationId)}) (\`${method.toUpperCase()} ${path}\`)`,
  );
  // The introduction keeps its opening paragraphs; the labelled ones (**Authentication.**, **Errors.**...) follow the operations.
  const [opening = '', ...labelled] = String(view.info.description ?? '')
    .trim()
    .split(/\n\n(?=\*\*[^*]+\.\*\*)/);
  view.info.description = `**Start here:** ${start.join(', ')}.\n\n${opening}\n`;
  view.tags = [
    { name: '' },
    ...(labelled.length > 0 ? [{ name: ABOUT_TITLE, description: labelled.join('\n\n'), 'x-traitTag': true }] : []),
    { name: CORRECTIONS_TITLE, description: correctionsForPage(await readCorrections()), 'x-traitTag': true },
  ];
  return view;
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
    if (!result.includes(url))
      throw new ScriptError(`the built docs no longer refer to ${url}: check what Redoc loads from the network now, and update scripts/docs.ts`);
    result = result.replaceAll(url, INLINE_LOGO);
  }
  return result;
}

/** Renders `bundlePath` into `outFile`. */
export async function writeDocs(bundlePath: string, outFile: string): Promise<void> {
  requireFile(bundlePath, 'bundle the spec first (npm run generate)');
  requireFile(TEMPLATE, 'the page template of the docs');
  const spec = JSON.parse(await readFile(bundlePath, 'utf8')) as OpenApiDocument;
  const work = await mkdtemp(join(tmpdir(), 'calls-api-docs-'));
  try {
    const input = join(work, 'openapi.json');
    await writeFile(input, JSON.stringify(await docsView(spec)));
    await mkdir(join(outFile, '..'), { recursive: true });
    await runTool('redocly', ['build-docs', input, '--inlineBundle', '--template', TEMPLATE, '--output', outFile, '--title', String(spec.info.title)]);
    await writeFile(outFile, inlineCdnLogos(await readFile(outFile, 'utf8')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  runMain(() => writeDocs(join(GENERATED_DIR, 'openapi.json'), join(GENERATED_DIR, DOCS_FILE)));
}
