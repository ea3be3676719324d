// Fails when the contract breaks clients of the last release and the major
// version was not bumped.
//   npm run check:breaking
//       generated/openapi.json against openapi/released/openapi.json,
//       at the version in package.json
//   tsx scripts/check-breaking.ts --base FILE --revision FILE --version X
//       any pair of specs (used by the tests)
//
// `redocly diff` (experimental in Redocly CLI 2.x) rates every change patch,
// minor or major, knowing which way data flows: a narrower request field or a
// removed response field is major, a narrower response field is not. This
// script reads its JSON report and decides: no major change passes; major
// changes pass, listed as accepted, only when the major version is above the
// released spec's. The revision's info.version must equal the package version,
// since the contract is versioned with the package.
import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { GENERATED_DIR, isEntryPoint, PACKAGE_VERSION, PATH_ITEM_METHODS, ROOT, requireFile, runMain, ScriptError } from './lib/project.js';
import { bin, run } from './lib/run.js';

export const RELEASED_SPEC = join(ROOT, 'openapi', 'released', 'openapi.json');
export const CURRENT_SPEC = join(GENERATED_DIR, 'openapi.json');
/** Turns the diff rules on; redocly.yaml alone turns them all off (see the file). */
export const DIFF_CONFIG = join(ROOT, 'scripts', 'lib', 'redocly-diff.yaml');

export type Impact = 'patch' | 'minor' | 'major';

/** The parts of `redocly diff --format json` (reportVersion "1") the gate reads. */
export interface DiffReport {
  reportVersion: string;
  summary: Record<Impact, number>;
  changes: DiffChange[];
}

export interface DiffChange {
  /** JSON pointer to where a client meets the change, e.g. `#/paths/~1api~1v1~1calls~1{id}/get/...`. */
  path: string;
  kind: 'added' | 'removed' | 'modified';
  impact: Impact;
  verdicts: Array<{ ruleId: string; impact: Impact; message: string; location?: { pointer: string } }>;
}

export interface BreakingChange {
  /** The change's pointer, readable: `GET /api/v1/calls/{id} responses/200/...`. */
  where: string;
  ruleId: string;
  message: string;
  /** Where the changed node is defined, when that differs from `where` (a component). */
  definedAt?: string;
}

export interface Verdict {
  /** pass: nothing breaking; accepted: breaking, but the major version was bumped. */
  status: 'pass' | 'accepted' | 'fail';
  breaking: BreakingChange[];
  /** One line that ends the output. */
  summary: string;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const METHODS: ReadonlySet<string> = new Set(PATH_ITEM_METHODS);

/** The major number of a semver version; throws on anything else. */
export function majorOf(version: string): number {
  const match = SEMVER.exec(version);
  if (!match) throw new ScriptError(`'${version}' is not a semver version (MAJOR.MINOR.PATCH)`);
  return Number(match[1]);
}

/** `#/paths/~1api~1v1~1calls~1{id}/get/responses/200` as `GET /api/v1/calls/{id} responses/200`. */
export function describePointer(pointer: string): string {
  const segments = pointer
    .replace(/^#\/?/, '')
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  const [root, path, ...rest] = segments;
  if (root !== 'paths' || path === undefined) return segments.join('/');
  const [method, ...inOperation] = rest;
  const [head, tail] = method !== undefined && METHODS.has(method) ? [`${method.toUpperCase()} ${path}`, inOperation] : [path, rest];
  return tail.length > 0 ? `${head} ${tail.join('/')}` : head;
}

/** The major changes of a report, one entry per rule that rated a change major. */
export function breakingChanges(report: DiffReport): BreakingChange[] {
  return report.changes
    .filter((change) => change.impact === 'major')
    .flatMap((change) => {
      const where = describePointer(change.path);
      const verdicts = change.verdicts.filter((verdict) => verdict.impact === 'major');
      if (verdicts.length === 0) return [{ where, ruleId: '(no rule named)', message: `${change.kind}, rated major` }];
      return verdicts.map(({ ruleId, message, location }) => ({
        where,
        ruleId,
        message,
        // Redocly reports a change to a shared component once, at the first
        // operation that uses it, even when another operation made it major
        // (a request enum reported at a GET response); the definition says
        // what to look at.
        ...(location && location.pointer !== change.path ? { definedAt: location.pointer } : {}),
      }));
    });
}

/**
 * The gate's decision, from the diff report, the released spec's version and
 * the version being checked. Pure, so each rule is unit tested.
 */
export function judgeDiff(report: DiffReport, versions: { released: string; current: string }): Verdict {
  const released = majorOf(versions.released);
  const current = majorOf(versions.current);
  const breaking = breakingChanges(report);
  const { major, minor, patch } = report.summary;
  const counts = `${major} major, ${minor} minor, ${patch} patch`;
  if (current < released) {
    return { status: 'fail', breaking, summary: `version ${versions.current} is below the released ${versions.released}: a version never goes back` };
  }
  if (breaking.length === 0) {
    return { status: 'pass', breaking, summary: `no breaking change since the released ${versions.released} (${counts})` };
  }
  if (current > released) {
    return {
      status: 'accepted',
      breaking,
      summary: `${breaking.length} breaking change(s) accepted: the major version went from ${released} (released ${versions.released}) to ${current} (${versions.current})`,
    };
  }
  return {
    status: 'fail',
    breaking,
    summary: `${breaking.length} breaking change(s) since the released ${versions.released} (${counts}): undo them, or release them under a new major version (${released + 1}.0.0)`,
  };
}

/** A path as the output shows it: relative to the project when inside it. */
function shown(path: string): string {
  return path.startsWith(ROOT + sep) ? relative(ROOT, path) : path;
}

/** The `info.version` of an OpenAPI document in JSON or YAML. */
export async function readInfoVersion(file: string): Promise<string> {
  let document: unknown;
  try {
    document = parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ScriptError(`${shown(file)} is not valid JSON or YAML: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  const info = (document as { info?: { version?: unknown } } | null)?.info;
  if (typeof info?.version !== 'string') throw new ScriptError(`${shown(file)} has no info.version: is it an OpenAPI document?`);
  return info.version;
}

/** Runs `redocly diff` on two specs and returns its JSON report. */
export async function diffSpecs(base: string, revision: string, config = DIFF_CONFIG): Promise<DiffReport> {
  // --fail-on none: exit 0 whatever the impacts, so a non-zero exit can only
  // mean the diff did not run (unreadable or unsupported file); the verdict is
  // ours, from the report, because it depends on the version.
  const result = await run(bin('redocly'), ['diff', shown(base), shown(revision), '--format', 'json', '--fail-on', 'none', '--config', config]);
  if (result.stderr.includes('No diff rules are on')) {
    throw new ScriptError(`redocly diff ran with every diff rule off, so it would rate every change patch: ${shown(config)} must extend diff-recommended`);
  }
  const why = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '))
    .join(' ');
  if (result.code !== 0) throw new ScriptError(`redocly diff failed (exit ${result.code}): ${why}`);
  let report: DiffReport;
  try {
    report = JSON.parse(result.stdout) as DiffReport;
  } catch {
    throw new ScriptError(`redocly diff printed no JSON report: ${why}`);
  }
  // The command is experimental: refuse a report shape this script was not written for.
  if (report.reportVersion !== '1' || !Array.isArray(report.changes)) {
    throw new ScriptError(`redocly diff printed report version ${String(report.reportVersion)}; this script reads version 1`);
  }
  return report;
}

/** Checks the inputs, diffs `base` (released) against `revision` and judges the result. */
export async function checkBreaking(options: { base: string; revision: string; version?: string }): Promise<Verdict> {
  const { base, revision } = options;
  requireFile(base, 'the bundled spec as of the last release (see openapi/released/README.md)');
  requireFile(revision, 'run npm run generate');
  const current = options.version ?? PACKAGE_VERSION;
  const source = options.version === undefined ? 'package.json has' : '--version is';
  majorOf(current);
  const released = await readInfoVersion(base);
  majorOf(released);
  const revisionVersion = await readInfoVersion(revision);
  if (revisionVersion !== current) {
    throw new ScriptError(
      `${shown(revision)} has info.version ${revisionVersion} but ${source} ${current}: the contract is versioned with the package, they must be equal`,
    );
  }
  return judgeDiff(await diffSpecs(base, revision), { released, current });
}

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const { values } = parseArgs({ options: { base: { type: 'string' }, revision: { type: 'string' }, version: { type: 'string' } } });
    const base = resolve(values.base ?? RELEASED_SPEC);
    const revision = resolve(values.revision ?? CURRENT_SPEC);
    const verdict = await checkBreaking({ base, revision, ...(values.version === undefined ? {} : { version: values.version }) });
    const out = verdict.status === 'fail' ? process.stderr : process.stdout;
    const label = verdict.status === 'fail' ? 'breaking' : 'accepted';
    for (const change of verdict.breaking) {
      out.write(`${label}: ${change.where}\n  ${change.ruleId}: ${change.message}${change.definedAt ? ` (${change.definedAt})` : ''}\n`);
    }
    out.write(`${shown(revision)} vs ${shown(base)}: ${verdict.summary}.\n`);
    return verdict.status === 'fail' ? 1 : 0;
  });
}
