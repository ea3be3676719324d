// npm run bench: measures the client's overhead, its bundle size, what it
// costs a consumer's type check, the contract pipeline and the Prism mock,
// and writes bench/RESULTS.md. Never part of npm test.
//
//   npm run bench                          everything, then bench/RESULTS.md
//   npm run bench -- --only bundle,mock    some parts, printed only (RESULTS.md stays as it was)
//
// Parts: client, bundle, typecheck, pipeline, mock. Everything runs on
// loopback, bounded in count and time; the whole run takes a few minutes on
// two cores.
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ROOT, ScriptError, isEntryPoint, runMain } from '../scripts/lib/project.js';
import { runBundleSize } from './bundle-size.js';
import { runClientOverhead } from './client-overhead.js';
import type { PartResult } from './lib/figure.js';
import { machineInfo } from './lib/machine.js';
import { runChecked } from './lib/process.js';
import { renderPart, renderResults, type FailedPart } from './lib/report.js';
import { runMock } from './mock.js';
import { runPipeline } from './pipeline.js';
import { runTypecheckCost } from './typecheck-cost.js';

const RESULTS = join(ROOT, 'bench', 'RESULTS.md');

interface Part {
  id: string;
  title: string;
  /** Whether it measures dist/, which is built first. */
  needsBuild: boolean;
  run: () => Promise<PartResult>;
}

const PARTS: Part[] = [
  { id: 'client', title: 'Client overhead per call', needsBuild: true, run: runClientOverhead },
  { id: 'bundle', title: 'Bundle size', needsBuild: false, run: runBundleSize },
  { id: 'typecheck', title: 'Consumer type-check cost', needsBuild: true, run: runTypecheckCost },
  { id: 'pipeline', title: 'Pipeline', needsBuild: false, run: runPipeline },
  { id: 'mock', title: 'Mock (Prism)', needsBuild: false, run: runMock },
];

function selectParts(only: string | undefined): Part[] {
  if (only === undefined) return PARTS;
  const ids = only.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !PARTS.some((part) => part.id === id));
  if (unknown.length > 0) throw new ScriptError(`unknown part ${unknown.join(', ')}: choose from ${PARTS.map((part) => part.id).join(', ')}`);
  return PARTS.filter((part) => ids.includes(part.id));
}

const seconds = (since: number) => (performance.now() - since) / 1000;

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const { values } = parseArgs({ options: { only: { type: 'string' } } });
    const parts = selectParts(values.only);
    const machine = machineInfo();
    const loadAtStart = loadavg()[0] ?? 0;
    const started = performance.now();
    const log = (line: string) => process.stdout.write(`${line}\n`);

    const timings: Array<{ name: string; seconds: number }> = [];
    if (parts.some((part) => part.needsBuild)) {
      log('bench: building dist/ (npm run build)');
      await runChecked('npm', ['run', 'build', '--silent'], { timeoutMs: 180_000 });
      timings.push({ name: 'build', seconds: seconds(started) });
    }
    const results: Array<PartResult | FailedPart> = [];
    for (const [index, part] of parts.entries()) {
      log(`bench: [${index + 1}/${parts.length}] ${part.title}...`);
      const partStarted = performance.now();
      try {
        const result = await part.run();
        results.push(result);
        log(`\n${renderPart(index + 1, result)}\n`);
      } catch (error) {
        // One broken part (a busy port, a failing script) should not cost the others' results.
        const failure = error instanceof Error ? error.message : String(error);
        results.push({ title: part.title, failure });
        log(`bench: ${part.title} failed: ${failure}`);
      }
      timings.push({ name: part.id, seconds: seconds(partStarted) });
      log(`bench: ${part.title} took ${seconds(partStarted).toFixed(1)} s`);
    }

    const total = seconds(started);
    if (values.only === undefined) {
      await writeFile(RESULTS, renderResults({ machine, seconds: total, timings, load: { start: loadAtStart, end: loadavg()[0] ?? 0 } }, results));
      log(`bench: wrote bench/RESULTS.md; the whole run took ${total.toFixed(0)} s`);
    } else {
      log(`bench: took ${total.toFixed(0)} s; bench/RESULTS.md is written only by a run of every part`);
    }
    return results.some((result) => 'failure' in result) ? 1 : 0;
  });
}
