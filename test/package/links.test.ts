// Every link a reader can follow out of the guides lands somewhere. Each
// relative link of README.md, of docs/*.md and of every Markdown file of the
// repository they link to, names a file or folder of the repository, and its
// anchor, if any, names a heading of that file, as GitHub makes anchors from
// headings. A link to this repository on GitHub (`.../blob/main/<path>`) is
// held to the same rule, in those files and in the bundled spec, whose
// descriptions link to the guides. Only the file system is read: no process,
// no network.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_DIR, ROOT } from '../../scripts/lib/project.js';

/** Where the repository's files are on GitHub; a link starting so is checked against this checkout. */
const REPOSITORY = /^https:\/\/github\.com\/elemente-ai\/calls-api\/(?:blob|tree)\/main\/([^?#]*)(#.*)?$/;

/** Folders git does not track (.gitignore): a link into one works here and nowhere else. */
const UNTRACKED = ['node_modules', 'dist', 'coverage', 'test/artifacts', '.vitest'];

interface Link {
  /** The file the link is in, relative to the root. */
  from: string;
  line: number;
  target: string;
}

/** `text` with fenced code blocks, inline code and HTML comments blanked, every offset and line kept. */
function withoutCode(text: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, ' ');
  return text
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1[ \t]*$/gm, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/(`+)[\s\S]*?\1/g, blank);
}

/** The targets of the inline links, images and reference definitions of a Markdown file. */
function markdownLinks(from: string, text: string): Link[] {
  const prose = withoutCode(text);
  const lineOf = (index: number) => prose.slice(0, index).split('\n').length;
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({
    from,
    line: lineOf(match.index),
    target: match[1]!,
  }));
  const definitions = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => ({ from, line: lineOf(match.index), target: match[1]! }));
  return [...inline, ...definitions];
}

/** GitHub's anchor for a heading: its text, lowercased, without punctuation, each space a hyphen. */
function slugOf(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replaceAll(' ', '-');
}

/** Every anchor a Markdown file has: one per heading (a repeated one numbered -1, -2... as GitHub does), and explicit `id`s and `name`s. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const prose = withoutCode(text);
  for (const match of text.matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm)) {
    // A line that looks like a heading inside a code block is not one.
    if (
      !prose
        .slice(match.index, match.index + match[0].length)
        .trimStart()
        .startsWith('#')
    )
      continue;
    const slug = slugOf(match[1]!.replace(/`/g, ''));
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of prose.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!);
  return anchors;
}

/**
 * Follows every link of the `start` files (paths relative to `root`), and of
 * every Markdown file of `root` they lead to, and of `extra` (links from
 * elsewhere, such as the spec). `broken` has one line per link that does not
 * resolve, naming the file, the line and why; `visited`, every Markdown file
 * whose links were followed.
 */
function checkLinks(root: string, start: string[], extra: Link[] = []): { broken: string[]; visited: string[] } {
  const problems: string[] = [];
  const queue = [...start];
  const visited = new Set<string>();
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (file: string): Set<string> => {
    const found = anchorCache.get(file) ?? anchorsOf(readFileSync(join(root, file), 'utf8'));
    anchorCache.set(file, found);
    return found;
  };
  const check = ({ from, line, target }: Link) => {
    const where = `${from}:${line}: ${target}`;
    let path: string;
    let anchor: string | undefined;
    const onGitHub = REPOSITORY.exec(target);
    if (onGitHub) {
      path = decodeURIComponent(onGitHub[1]!);
      anchor = onGitHub[2]?.slice(1);
    } else if (/^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('//')) {
      return; // another site: not this test's to reach
    } else {
      const [file = '', hash] = target.split('#', 2);
      anchor = hash;
      const base = file.startsWith('/') ? root : dirname(join(root, from));
      path = file === '' ? from : relative(root, resolve(base, decodeURIComponent(file.replace(/^\//, ''))));
    }
    if (path === '..' || path.startsWith(`..${sep}`) || path.startsWith('../')) return void problems.push(`${where}: leaves the repository`);
    const untracked = UNTRACKED.find((folder) => path === folder || path.startsWith(`${folder}/`));
    if (untracked) return void problems.push(`${where}: ${untracked}/ is not in the repository (see .gitignore)`);
    const absolute = join(root, path);
    if (!existsSync(absolute)) return void problems.push(`${where}: no such file or folder (${path || '.'})`);
    const isMarkdown = statSync(absolute).isFile() && extname(path) === '.md';
    if (anchor !== undefined && anchor !== '') {
      if (!isMarkdown) return void problems.push(`${where}: an anchor into a file that is not Markdown`);
      if (!anchors(path).has(decodeURIComponent(anchor))) return void problems.push(`${where}: ${path} has no heading with the anchor #${anchor}`);
    }
    if (isMarkdown && !visited.has(path)) queue.push(path);
  };
  extra.forEach(check);
  while (queue.length > 0) {
    const file = queue.shift()!.split(sep).join('/');
    if (visited.has(file)) continue;
    visited.add(file);
    markdownLinks(file, readFileSync(join(root, file), 'utf8')).forEach(check);
  }
  return { broken: problems, visited: [...visited].sort() };
}

/** The links of checkLinks that do not resolve. */
function brokenLinks(root: string, start: string[], extra: Link[] = []): string[] {
  return checkLinks(root, start, extra).broken;
}

/** The strings of a JSON document, each with where it is. */
function* stringsOf(node: unknown, at = ''): Generator<[string, string]> {
  if (typeof node === 'string') yield [at, node];
  else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) yield* stringsOf(value, `${at}/${key}`);
}

/** The links into this repository on GitHub in the bundled spec's text, each reported at its JSON pointer. */
function specLinks(): Link[] {
  const spec = JSON.parse(readFileSync(join(GENERATED_DIR, 'openapi.json'), 'utf8')) as unknown;
  return [...stringsOf(spec)].flatMap(([pointer, text]) =>
    [...text.matchAll(/https:\/\/github\.com\/elemente-ai\/calls-api\/[^\s)"'>]+/g)].map((match) => ({
      from: `generated/openapi.json#${pointer}`,
      line: 1,
      target: match[0],
    })),
  );
}

const guides = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

describe('links in the guides and the spec', () => {
  it('README.md, docs/*.md and the Markdown files they lead to: every relative link and anchor resolves', () => {
    expect(guides.length).toBeGreaterThan(5);
    expect(brokenLinks(ROOT, guides)).toEqual([]);
  });

  it('the spec: every link into this repository on GitHub names a file, and a heading, that exist', () => {
    const links = specLinks();
    // The spec links to the mock guide and to the corrections at least.
    expect(links.map((link) => link.target)).toEqual(expect.arrayContaining([expect.stringMatching(/\/docs\/mock\.md#stateful-mode$/)]));
    expect(brokenLinks(ROOT, [], links)).toEqual([]);
  });

  it('follows the guides into the other Markdown files a reader needs', () => {
    expect(checkLinks(ROOT, guides).visited).toEqual(
      expect.arrayContaining(['SECURITY.md', 'CHANGELOG.md', 'openapi/README.md', 'openapi/corrections.md', 'bench/RESULTS.md', 'test/consumers/README.md']),
    );
  });
});

describe('brokenLinks', () => {
  const work: string[] = [];
  afterAll(() => Promise.all(work.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** A throwaway repository of the given files. */
  async function repository(files: Record<string, string>): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'calls-api-links-'));
    work.push(root);
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    return root;
  }

  it('reports a missing file, a missing anchor, a link out of the repository and one into an untracked folder, with file and line', async () => {
    const root = await repository({
      'README.md': [
        '# Title',
        '',
        'See [the guide](docs/guide.md#stateful-mode) and [gone](docs/gone.md).',
        'And [the wrong part](docs/guide.md#no-such-part), [up](../outside.md), [built](dist/index.js).',
        '',
      ].join('\n'),
      'docs/guide.md': '# Guide\n\n## Stateful mode\n\nBack to [the top](../README.md#title), and [here](#stateful-mode), and [nowhere](#nowhere).\n',
    });
    expect(brokenLinks(root, ['README.md'])).toEqual([
      'README.md:3: docs/gone.md: no such file or folder (docs/gone.md)',
      'README.md:4: docs/guide.md#no-such-part: docs/guide.md has no heading with the anchor #no-such-part',
      'README.md:4: ../outside.md: leaves the repository',
      'README.md:4: dist/index.js: dist/ is not in the repository (see .gitignore)',
      'docs/guide.md:5: #nowhere: docs/guide.md has no heading with the anchor #nowhere',
    ]);
  });

  it('follows the Markdown files it reaches, and checks links into the repository on GitHub', async () => {
    const root = await repository({
      'README.md': '[security](SECURITY.md)\n',
      'SECURITY.md': '# Security\n\n[missing](policy.md)\n',
    });
    expect(brokenLinks(root, ['README.md'])).toEqual(['SECURITY.md:3: policy.md: no such file or folder (policy.md)']);
    const fromSpec = [
      { from: 'spec', line: 1, target: 'https://github.com/elemente-ai/calls-api/blob/main/SECURITY.md#security' },
      { from: 'spec', line: 1, target: 'https://github.com/elemente-ai/calls-api/blob/main/docs/mock.md#stateful-mode' },
      { from: 'spec', line: 1, target: 'https://github.com/other/repository/blob/main/missing.md' },
    ];
    expect(brokenLinks(root, [], fromSpec)).toEqual([
      'spec:1: https://github.com/elemente-ai/calls-api/blob/main/docs/mock.md#stateful-mode: no such file or folder (docs/mock.md)',
      'SECURITY.md:3: policy.md: no such file or folder (policy.md)',
    ]);
  });

  it('ignores what only looks like a link: code blocks, inline code and other sites', async () => {
    const root = await repository({
      'README.md': [
        '# Title',
        '',
        '```md',
        '[in a block](missing.md)',
        '# Not a heading',
        '```',
        '',
        'Inline `[x](missing.md)`, and [a site](https://example.com/x.md).',
        '',
      ].join('\n'),
    });
    expect(brokenLinks(root, ['README.md'])).toEqual([]);
    expect([...anchorsOf(readFileSync(join(root, 'README.md'), 'utf8'))]).toEqual(['title']);
  });
});

describe('slugOf and anchorsOf', () => {
  it('make the anchors GitHub makes: lowercased, punctuation dropped, spaces hyphenated, repeats numbered', () => {
    expect(slugOf('Stateful mode')).toBe('stateful-mode');
    expect(slugOf('Observing calls: onAttempt and withResponse')).toBe('observing-calls-onattempt-and-withresponse');
    expect(slugOf('MSW, in a test process')).toBe('msw-in-a-test-process');
    expect(slugOf('Checking the live API: the [validation proxy](x.md)')).toBe('checking-the-live-api-the-validation-proxy');
    expect([...anchorsOf('# A\n\n## Flags\n\n## Flags\n\n### `--port N`\n')]).toEqual(['a', 'flags', 'flags-1', '--port-n']);
  });
});
