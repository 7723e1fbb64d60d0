// Severity order, worstResult and clause groups.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESULTS, type Result } from '../schemas/enums.ts';
import { clauseGroup, compareSeverity, isConforming, isNonconformity, severityRank, worstResult } from './severity.ts';

describe('severity', () => {
  it('ranks worst first: nc_major > nc_minor > observation > ofi > conform > not_applicable', () => {
    expect([...RESULTS].sort(compareSeverity)).toEqual(['nc_major', 'nc_minor', 'observation', 'ofi', 'conform', 'not_applicable']);
    expect(severityRank('nc_major')).toBe(0);
    expect(severityRank('not_applicable')).toBe(5);
  });

  it.each<[Result[], Result | null]>([
    [[], null],
    [['conform'], 'conform'],
    [['conform', 'not_applicable'], 'conform'],
    [['not_applicable', 'ofi', 'conform'], 'ofi'],
    [['observation', 'nc_minor', 'conform'], 'nc_minor'],
    [['nc_minor', 'nc_major'], 'nc_major'],
  ])('worstResult(%j) = %s', (results, worst) => {
    expect(worstResult(results)).toBe(worst);
  });

  it('worstResult is a member of the input and no input is worse', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RESULTS), { minLength: 1 }), (results) => {
        const w = worstResult(results);
        expect(w).not.toBeNull();
        expect(results).toContain(w);
        for (const r of results) expect(severityRank(r)).toBeGreaterThanOrEqual(severityRank(w as Result));
      }),
    );
  });

  it('classifies nonconformities and conforming results', () => {
    expect(RESULTS.filter(isNonconformity)).toEqual(['nc_major', 'nc_minor']);
    expect(RESULTS.filter(isConforming)).toEqual(['observation', 'ofi', 'conform']);
  });

  it.each([
    ['8.5.1', '8.5'],
    ['8.5.3', '8.5'],
    ['7.1.2', '7.1'],
    ['7.10.1', '7.10'],
    ['10.2', '10.2'],
    ['7', '7'],
    ['4.4.1.2', '4.4'],
  ])('clauseGroup(%s) = %s', (clause, group) => {
    expect(clauseGroup(clause)).toBe(group);
  });

  it('7.1.2 is never grouped under 7.10', () => {
    expect(clauseGroup('7.1.2')).not.toBe(clauseGroup('7.10.2'));
  });
});
