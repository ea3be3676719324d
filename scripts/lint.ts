// Lints the spec with the pinned Redocly CLI and the rules in redocly.yaml.
// Zero problems is the bar: a warning fails the run as an error does.
//   npm run lint
//   tsx scripts/lint.ts --json    machine-readable totals and problems
import { parseArgs } from 'node:util';
import { isEntryPoint, runMain } from './lib/project.js';
import { runRedocly } from './lib/redocly.js';

export interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ source: { ref: string }; pointer: string }> }>;
}

/** Lints the spec whose redocly.yaml is in `cwd` and returns Redocly's JSON report. */
export async function lintSpec(cwd?: string): Promise<LintReport> {
  const result = await runRedocly(['lint', '--format', 'json', '--max-problems', '1000'], cwd ? { cwd } : {});
  try {
    return JSON.parse(result.stdout) as LintReport;
  } catch {
    throw new Error(`redocly lint printed no JSON report (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

if (isEntryPoint(import.meta.url)) {
  runMain(async () => {
    const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
    const report = await lintSpec();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const problem of report.problems) {
        const where = problem.location[0];
        process.stderr.write(`${problem.severity} ${problem.ruleId}: ${problem.message}\n  at ${where ? `${where.source.ref}${where.pointer}` : '(unknown location)'}\n`);
      }
      const { errors, warnings } = report.totals;
      process.stdout.write(`openapi/openapi.yaml: ${errors} error(s), ${warnings} warning(s).\n`);
    }
    return report.problems.length === 0 ? 0 : 1;
  });
}
