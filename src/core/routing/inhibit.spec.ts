import { Labels } from '../model';
import { inhibitingAlerts, isInhibited } from './inhibit';
import { LabelMatcher, parseMatchers } from './label-matchers';
import { InhibitRule } from './load-routing-config';

function matchers(text: string): LabelMatcher[] {
  const parsed = parseMatchers(text);
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return parsed.matchers;
}

function rule(source: string, target: string, equal: string[] = []): InhibitRule {
  return { sourceMatchers: matchers(source), targetMatchers: matchers(target), equal };
}

describe('isInhibited', () => {
  // After Alertmanager inhibit/inhibit_test.go (TestInhibitRuleHasEqual): `equal` against one source alert.
  it.each<[string, string[], Labels, Labels, boolean]>([
    ['no equal labels', [], { s: '1' }, { t: '1' }, true],
    ['equal label matches', ['a'], { s: '1', a: 'b' }, { t: '1', a: 'b' }, true],
    ['equal label differs', ['a', 'b'], { s: '1', a: 'b', b: 'f' }, { t: '1', a: 'b', b: 'c' }, false],
    ['label missing on both sides', ['zone'], { s: '1' }, { t: '1' }, true],
    ['empty on one side, missing on the other', ['zone'], { s: '1', zone: '' }, { t: '1' }, true],
    ['missing on the target only', ['zone'], { s: '1', zone: 'eu' }, { t: '1' }, false],
    ['missing on the source only', ['zone'], { s: '1' }, { t: '1', zone: 'eu' }, false],
  ])('%s', (_name, equal, source, target, expected) => {
    expect(isInhibited(target, [source], [rule('s="1"', 't="1"', equal)])).toBe(expected);
  });

  // After TestInhibitRuleMatches: two rules, alerts matching one or both sides.
  const rules = [rule('s1="1"', 't1="1"', ['e']), rule('s2="1"', 't2="1"', ['e'])];
  const firing: Labels[] = [
    { s1: '1', t1: '2', e: '1' },
    { s2: '1', t2: '2', e: '1' },
  ];
  it.each<[string, Labels, boolean]>([
    ['matches target of rule 1', { t1: '1', e: '1' }, true],
    ['matches target of rule 2', { t2: '1', e: '1' }, true],
    ['equal label differs', { t1: '1', t3: '1', e: '2' }, false],
    ['matches no target', { t3: '1', e: '1' }, false],
    ['target regex is anchored', { t1: '11', e: '1' }, false],
    ['source alert itself is not a target', { s1: '1', t1: '2', e: '1' }, false],
  ])('%s', (_name, alert, expected) => {
    expect(isInhibited(alert, firing, rules)).toBe(expected);
  });

  describe('an alert never inhibits itself', () => {
    const critical = rule('severity="critical"', 'severity=~"critical|warning"', ['service']);
    const a: Labels = { alertname: 'A', severity: 'critical', service: 's' };
    const b: Labels = { alertname: 'B', severity: 'critical', service: 's' };
    const warning: Labels = { alertname: 'C', severity: 'warning', service: 's' };

    it.each<[string, Labels, Labels[], boolean]>([
      ['alone', a, [a], false],
      ['with another alert matching both sides', a, [a, b], false],
      ['a target that is not a source is inhibited', warning, [a, warning], true],
      ['in another service', { ...warning, service: 'other' }, [a], false],
      ['no firing alerts', warning, [], false],
    ])('%s', (_name, alert, alerts, expected) => {
      expect(isInhibited(alert, alerts, [critical])).toBe(expected);
    });

    it('ignores a source with the same labels even when only the target side matches it', () => {
      const selfRule = rule('alertname="A"', 'alertname="A"');
      expect(isInhibited(a, [a], [selfRule])).toBe(false);
    });
  });

  it('lists the inhibiting alerts once each', () => {
    const source: Labels = { s: '1' };
    expect(
      inhibitingAlerts({ t: '1' }, [source], [rule('s="1"', 't="1"'), rule('s=~".+"', 't=~".+"')]),
    ).toEqual([source]);
    expect(isInhibited({ t: '1' }, [source], [])).toBe(false);
  });
});
