import { Rule, RuleGroup } from '../rules/rule-file.schema';
import { compileAlertRule } from './compile-alert-rule';
import { compileAnomalyRule } from './anomaly-rule';
import { compileForecastRule } from './forecast-rule';
import { compileSloRule } from './compile-slo-rule';
import { CompiledRule } from './compiled-rule';
import { compileRecordingRule } from './recording-rule';

/** Compiles a validated rule for evaluation. */
export function compileRule(group: RuleGroup, rule: Rule): CompiledRule {
  switch (rule.kind) {
    case 'threshold':
      return compileAlertRule(group, rule);
    case 'recording':
      return compileRecordingRule(group, rule);
    case 'slo':
      return compileSloRule(group, rule);
    case 'anomaly':
      return compileAnomalyRule(group, rule);
    case 'forecast':
      return compileForecastRule(group, rule);
  }
}
