import { CompiledAnomalyRule } from './anomaly-rule';
import { CompiledAlertRule } from './compile-alert-rule';
import { CompiledSloRule } from './compile-slo-rule';
import { CompiledForecastRule } from './forecast-rule';
import { CompiledRecordingRule } from './recording-rule';

/** A rule ready to evaluate. */
export type CompiledRule =
  CompiledAlertRule | CompiledSloRule | CompiledAnomalyRule | CompiledForecastRule | CompiledRecordingRule;
