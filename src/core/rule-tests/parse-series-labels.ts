import { sortLabels } from '../labels/labels';
import { Labels } from '../model';
import { parsePromql } from '../promql/parse-promql';
import { PromqlParseError } from '../promql/promql-parse-error';

export type ParsedSeriesLabels =
  { ok: true; labels: Labels } | { ok: false; message: string; offset: number };

/**
 * Parses a series written as PromQL writes it, `name{label="value", ...}` or `{__name__="name", ...}`, into its
 * label set (sorted, empty values dropped as Prometheus does). Only `=` matchers are allowed. With `allowEmpty`,
 * `""` and `{}` mean the empty label set (the labels of a scalar result in `exp_samples`).
 */
export function parseSeriesLabels(text: string, options: { allowEmpty?: boolean } = {}): ParsedSeriesLabels {
  const trimmed = text.trim();
  if (options.allowEmpty === true && (trimmed === '' || /^\{\s*\}$/.test(trimmed))) {
    return { ok: true, labels: {} };
  }
  let expr;
  try {
    expr = parsePromql(text);
  } catch (error) {
    if (error instanceof PromqlParseError) {
      return { ok: false, message: error.message, offset: error.offset };
    }
    throw error;
  }
  if (expr.type !== 'VectorSelector') {
    return fail(`expected a series like name{label="value"}, got an expression`, leadingSpace(text));
  }
  if (expr.offsetMs !== 0) {
    return fail('a series cannot have an offset', text.search(/\boffset\b/));
  }
  const labels: Record<string, string> = {};
  for (const matcher of expr.matchers) {
    if (matcher.op !== '=') {
      return fail(
        `label ${matcher.name} must be matched with "=", not "${matcher.op}": a series has exact labels`,
        matcherOffset(text, matcher.name, matcher.op),
      );
    }
    if (matcher.name in labels) {
      return fail(`label ${matcher.name} is given twice`, matcherOffset(text, matcher.name, '=', 1));
    }
    labels[matcher.name] = matcher.value;
  }
  return { ok: true, labels: sortLabels(labels) };
}

function fail(message: string, offset: number): ParsedSeriesLabels {
  return { ok: false, message, offset: Math.max(0, offset) };
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/** Where `name op` is written (the `skip`+1-th occurrence), for messages; 0 when it cannot be found. */
function matcherOffset(text: string, name: string, op: string, skip = 0): number {
  const escaped = op.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![A-Za-z0-9_])${name}\\s*${escaped}(?!~)`, 'g');
  const matches = [...text.matchAll(pattern)];
  return matches[skip]?.index ?? 0;
}
