// The breaking-change gate's verdict (judgeDiff in scripts/check-breaking.ts)
// on hand-written redocly diff reports: what fails, what a major version
// accepts, and how a change's location is named. No process: the real diffs
// are in test/contract/breaking.process.test.ts.
import { describe, expect, it } from 'vitest';
import { type DiffReport, describePointer, judgeDiff, majorOf } from '../../scripts/check-breaking.js';

const RELEASED = { released: '1.0.0', current: '1.0.0' };

describe('judgeDiff', () => {
  const report: DiffReport = {
    reportVersion: '1',
    summary: { major: 1, minor: 1, patch: 0 },
    changes: [
      {
        path: '#/paths/~1api~1v1~1calls~1{id}/get/responses/200/content/application~1json/schema/properties/customerName',
        kind: 'removed',
        impact: 'major',
        verdicts: [
          {
            ruleId: 'property-removed',
            impact: 'major',
            message: 'Property `customerName` of `Call` was removed.',
            location: { pointer: '#/components/schemas/Call/properties/customerName' },
          },
        ],
      },
      {
        path: '#/paths/~1api~1v1~1calls~1{id}/get/responses/200/content/application~1json/schema/properties/tags',
        kind: 'added',
        impact: 'minor',
        verdicts: [],
      },
    ],
  };
  const nonBreaking: DiffReport = { reportVersion: '1', summary: { major: 0, minor: 1, patch: 0 }, changes: report.changes.slice(1) };

  it('fails on a breaking change at the same major version, naming it', () => {
    const verdict = judgeDiff(report, RELEASED);
    expect(verdict.status).toBe('fail');
    expect(verdict.breaking).toEqual([
      {
        where: 'GET /api/v1/calls/{id} responses/200/content/application/json/schema/properties/customerName',
        ruleId: 'property-removed',
        message: 'Property `customerName` of `Call` was removed.',
        definedAt: '#/components/schemas/Call/properties/customerName',
      },
    ]);
    expect(verdict.summary).toContain('new major version (2.0.0)');
  });

  it('fails on a breaking change with only a minor or patch bump', () => {
    expect(judgeDiff(report, { released: '1.0.0', current: '1.1.0' }).status).toBe('fail');
    expect(judgeDiff(report, { released: '1.0.0', current: '1.0.1' }).status).toBe('fail');
  });

  it('accepts a breaking change once the major version is bumped, still listing it', () => {
    for (const current of ['2.0.0', '2.0.0-beta.1', '3.1.0']) {
      const verdict = judgeDiff(report, { released: '1.0.0', current });
      expect(verdict.status).toBe('accepted');
      expect(verdict.breaking).toHaveLength(1);
    }
  });

  it('passes a change that breaks nobody at any version', () => {
    expect(judgeDiff(nonBreaking, RELEASED)).toMatchObject({ status: 'pass', breaking: [] });
    expect(judgeDiff(nonBreaking, { released: '1.0.0', current: '1.1.0' }).status).toBe('pass');
  });

  it('fails when the version went below the released major', () => {
    expect(judgeDiff(nonBreaking, { released: '2.0.0', current: '1.9.0' }).status).toBe('fail');
  });

  it('refuses a version that is not semver', () => {
    expect(() => judgeDiff(report, { released: '1.0', current: '1.0.0' })).toThrow("'1.0' is not a semver version");
    expect(majorOf('12.3.4')).toBe(12);
  });

  it('reads pointers outside paths as they are', () => {
    expect(describePointer('#/components/securitySchemes/basicAuth')).toBe('components/securitySchemes/basicAuth');
    expect(describePointer('#/paths/~1api~1v1~1calls~1{id}/parameters/0')).toBe('/api/v1/calls/{id} parameters/0');
  });
});
