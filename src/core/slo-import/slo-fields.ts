import { LABEL_NAME_PATTERN } from '../rules/schema-fields';
import { SLO_NAME_PATTERN } from '../rules/slo-rule.schema';
import { ImportedSli } from './imported-slo';
import { counterSelectorOf, latencySliOf, parseSliQuery, selectorText } from './sli-query';
import { YamlCursor } from './yaml-cursor';

/** Fields every importer reads the same way: SLO names, objectives, labels, and SLIs from PromQL queries. */

/**
 * An SLO name in forewarn's alphabet (`[a-zA-Z0-9_-]`): other characters (the dots and slashes OpenSLO and Sloth
 * allow) become `-`, with a warning.
 */
export function sloNameOf(at: YamlCursor): string | undefined {
  const name = at.string({ required: true });
  if (name === undefined) {
    return undefined;
  }
  if (SLO_NAME_PATTERN.test(name)) {
    return name;
  }
  const renamed = name.replace(/[^a-zA-Z0-9_-]/g, '-');
  at.warning(
    `SLO name "${name}" is imported as "${renamed}"; forewarn SLO names use letters, digits, "-" and "_"`,
  );
  return renamed;
}

/** An objective in percent, strictly between 0 and 100 as forewarn requires. */
export function percentObjective(at: YamlCursor, percent: number): number | undefined {
  if (percent <= 0 || percent >= 100) {
    at.error(
      `objective ${percent}% cannot be imported; forewarn objectives are percentages strictly between 0 and 100 (100% leaves no error budget)`,
    );
    return undefined;
  }
  return percent;
}

/**
 * Labels with a valid label name and a single value. Others (OpenSLO allows dotted names and lists of values) are
 * left out with a warning at their key.
 */
export function labelsOf(at: YamlCursor): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const name of at.keys()) {
    const entry = at.child(name);
    if (!LABEL_NAME_PATTERN.test(name)) {
      entry.keyWarning(`label "${name}" is left out: label names use letters, digits and "_"`);
    } else if (Array.isArray(entry.value)) {
      entry.keyWarning(`label "${name}" is left out: its value is a list; a label has one value`);
    } else {
      const value = entry.scalarText();
      if (value !== undefined) {
        labels[name] = value;
      }
    }
  }
  return labels;
}

/** An SLI from the query of its bad (or good) events and the query of all events. */
export function sliFromQueries(
  part: { readonly kind: 'bad' | 'good'; readonly at: YamlCursor },
  totalAt: YamlCursor,
): ImportedSli | undefined {
  const partText = part.at.string({ required: true });
  const totalText = totalAt.string({ required: true });
  const partExpr = partText === undefined ? undefined : parsed(part.at, partText);
  const totalExpr = totalText === undefined ? undefined : parsed(totalAt, totalText);
  if (partExpr === undefined || totalExpr === undefined) {
    return undefined;
  }
  const latency = part.kind === 'bad' ? latencySliOf(partExpr, totalExpr) : undefined;
  if (latency !== undefined) {
    return { type: 'latency', metric: latency.metric, le: latency.le };
  }
  const partSelector = counterSelectorOf(partExpr);
  const totalSelector = counterSelectorOf(totalExpr);
  if (!partSelector.ok) {
    part.at.error(partSelector.message, partSelector.offset);
  }
  if (!totalSelector.ok) {
    totalAt.error(totalSelector.message, totalSelector.offset);
  }
  if (!partSelector.ok || !totalSelector.ok) {
    return undefined;
  }
  const total = selectorText(totalSelector.value);
  const selector = selectorText(partSelector.value);
  return part.kind === 'bad'
    ? { type: 'events', bad: selector, total }
    : { type: 'events', good: selector, total };
}

function parsed(at: YamlCursor, text: string) {
  const result = parseSliQuery(text);
  if (!result.ok) {
    at.error(result.message, result.offset);
    return undefined;
  }
  return result.value;
}
