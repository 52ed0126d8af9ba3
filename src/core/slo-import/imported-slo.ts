import type { YamlCursor } from './yaml-cursor';

/**
 * What the importers produce: forewarn SLO rules in the keys of the rule-file format (`kind: slo`, see
 * docs/rules.md), ready to be written as YAML, each with the place in the source file it came from.
 */

export type ImportedSli =
  | { readonly type: 'events'; readonly bad: string; readonly total: string }
  | { readonly type: 'events'; readonly good: string; readonly total: string }
  | { readonly type: 'latency'; readonly metric: string; readonly le: number };

export interface ImportedBurnRateWindow {
  readonly severity: 'critical' | 'warning';
  readonly burn_rate: number;
  readonly long_window: string;
  readonly short_window: string;
}

export interface ImportedSlo {
  readonly slo: string;
  readonly kind: 'slo';
  readonly objective: number;
  readonly window: string;
  readonly sli: ImportedSli;
  readonly description?: string;
  readonly burn_rates?: 'sloth' | readonly ImportedBurnRateWindow[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ImportedGroup {
  readonly name: string;
  readonly service?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly rules: readonly ImportedSlo[];
}

/** An imported SLO and the source node it was read from (its name), where problems found later are reported. */
export interface ImportedSloSource {
  readonly slo: ImportedSlo;
  readonly origin: YamlCursor;
}

/** A group as the importers build it, with the origin of each of its SLOs. */
export interface ImportedGroupSource {
  readonly name: string;
  readonly service?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly rules: readonly ImportedSloSource[];
}

/** The group without the origins, as it is written. */
export function groupOf(source: ImportedGroupSource): ImportedGroup {
  return {
    name: source.name,
    ...(source.service === undefined ? {} : { service: source.service }),
    ...(source.labels === undefined || Object.keys(source.labels).length === 0
      ? {}
      : { labels: source.labels }),
    rules: source.rules.map((rule) => rule.slo),
  };
}
