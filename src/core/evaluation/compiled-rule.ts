import { CompiledAlertRule } from './compile-alert-rule';
import { CompiledSloRule } from './compile-slo-rule';
import { CompiledRecordingRule } from './recording-rule';

/** A rule ready to evaluate: the kinds with an evaluation engine today. */
export type CompiledRule = CompiledAlertRule | CompiledSloRule | CompiledRecordingRule;
