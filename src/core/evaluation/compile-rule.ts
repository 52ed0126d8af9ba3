import { Rule, RuleGroup } from '../rules/rule-file.schema';
import { compileAlertRule } from './compile-alert-rule';
import { compileSloRule } from './compile-slo-rule';
import { CompiledRule } from './compiled-rule';
import { compileRecordingRule } from './recording-rule';

/** Compiles a validated rule for evaluation; undefined for the kinds without an evaluation engine yet. */
export function compileRule(group: RuleGroup, rule: Rule): CompiledRule | undefined {
  switch (rule.kind) {
    case 'threshold':
      return compileAlertRule(group, rule);
    case 'recording':
      return compileRecordingRule(group, rule);
    case 'slo':
      return compileSloRule(group, rule);
    default:
      return undefined;
  }
}
