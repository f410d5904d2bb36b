import { describe, expect, it } from 'vitest';
import { personTags } from '../../../../contract/people';
import { placementReasons } from '../../../../contract/quarantine';
import { roles, rolePermissions, type Role } from '../../../../contract/access';
import {
  dayChoices,
  inVocabularyOrder,
  intervalProblem,
  landingHoursProblem,
  placementRuleProblems,
  ruleKinds,
  ruleMode,
  sortedDays,
  tagsWithoutRule,
  visibleRuleKinds,
  type RuleKind,
} from './rules-model';

const as = (role: Role, scope: string[]) => ({ permissions: rolePermissions[role], scope });
const owners = (kind: RuleKind) => roles.filter((r) => ruleMode(as(r, ['*']), kind) === 'edit');

describe('who may change the city-wide rules', () => {
  it('gives each rule set to its owning role with a city-wide scope (and the admin)', () => {
    expect(owners('quarantine')).toEqual(['admin', 'quarantine_manager']);
    expect(owners('arrival')).toEqual(['admin', 'epidemiologist']);
    expect(owners('frequency')).toEqual(['admin', 'area_official']);
  });

  it('shows an owner outside the city scope the rules read-only', () => {
    for (const kind of ruleKinds) expect(ruleMode(as('admin', ['320706']), kind)).toBe('read');
    expect(ruleMode(as('quarantine_manager', ['320706022']), 'quarantine')).toBe('read');
  });

  it('hides a rule set from a role that may not read it', () => {
    expect(visibleRuleKinds(as('transfer_team', ['*']))).toEqual(['quarantine']);
    expect(visibleRuleKinds(as('grid_worker', ['320706022001001']))).toEqual(['quarantine', 'arrival', 'frequency']);
    expect(visibleRuleKinds(as('sentinel_reporter', ['*']))).toEqual([]);
    expect(visibleRuleKinds(null)).toEqual([]);
    expect(ruleMode(as('sampler', ['*']), 'frequency')).toBe('read');
    expect(ruleMode(as('sampler', ['*']), 'quarantine')).toBe('none');
  });
});

describe('checks of a quarantine-period edit', () => {
  const ok = { siteDays: 7, homeDays: 3, testDays: [1, 2, 3, 5, 7], homeTestDays: [3] };

  it('accepts the default close-contact rule and a period without tests', () => {
    expect(placementRuleProblems(ok)).toEqual({});
    expect(placementRuleProblems({ siteDays: 0, homeDays: 0, testDays: [], homeTestDays: [] })).toEqual({});
  });

  it('names each field out of range with its limits', () => {
    expect(placementRuleProblems({ siteDays: 61, homeDays: -1, testDays: [1], homeTestDays: [] })).toEqual({
      siteDays: { key: 'daysRange', min: 0, max: 60 },
      homeDays: { key: 'daysRange', min: 0, max: 60 },
    });
    expect(placementRuleProblems({ ...ok, siteDays: null })).toMatchObject({ siteDays: { key: 'wholeDays' }, testDays: { key: 'testDayRange', max: 0 } });
    expect(placementRuleProblems({ ...ok, siteDays: 2.5 }).siteDays).toEqual({ key: 'wholeDays' });
  });

  it('keeps test days inside their phase, once each', () => {
    expect(placementRuleProblems({ ...ok, siteDays: 5 })).toEqual({ testDays: { key: 'testDayRange', min: 1, max: 5 } });
    expect(placementRuleProblems({ ...ok, homeTestDays: [0] })).toEqual({ homeTestDays: { key: 'testDayRange', min: 1, max: 3 } });
    expect(placementRuleProblems({ ...ok, testDays: [1, 1] })).toEqual({ testDays: { key: 'duplicateDays' } });
  });
});

describe('checks of arrival and frequency edits', () => {
  it('takes landing-test hours 0–168', () => {
    expect(landingHoursProblem(0)).toBeUndefined();
    expect(landingHoursProblem(168)).toBeUndefined();
    expect(landingHoursProblem(169)).toEqual({ key: 'hoursRange', min: 0, max: 168 });
    expect(landingHoursProblem(null)?.key).toBe('hoursRange');
    expect(landingHoursProblem(1.5)?.key).toBe('hoursRange');
  });

  it('takes an interval of 1–365 days', () => {
    expect(intervalProblem(1)).toBeUndefined();
    expect(intervalProblem(365)).toBeUndefined();
    expect(intervalProblem(0)).toEqual({ key: 'intervalRange', min: 1, max: 365 });
    expect(intervalProblem(null)?.key).toBe('intervalRange');
  });
});

describe('form helpers', () => {
  it('sorts picked days and offers days 1…period', () => {
    expect(sortedDays([7, 1, 3, 1])).toEqual([1, 3, 7]);
    expect(dayChoices(3)).toEqual([1, 2, 3]);
    expect(dayChoices(0)).toEqual([]);
    expect(dayChoices(null)).toEqual([]);
    expect(dayChoices(99)).toHaveLength(60);
  });

  it('orders rules as their vocabulary does, unknown ones last', () => {
    const rows = [{ reason: 'case' }, { reason: 'other' }, { reason: 'close-contact' }, { reason: 'arrival' }];
    expect(inVocabularyOrder(rows, (r) => r.reason, placementReasons).map((r) => r.reason)).toEqual(['close-contact', 'arrival', 'case', 'other']);
  });

  it('offers new frequency rules only for tags without one', () => {
    const left = tagsWithoutRule(personTags, [{ tag: 'cold_chain' }, { tag: 'port' }, { tag: 'custom_tag' }]);
    expect(left).not.toContain('cold_chain');
    expect(left).not.toContain('port');
    expect(left).toContain('medical');
    expect(left).toHaveLength(personTags.length - 2);
  });
});
