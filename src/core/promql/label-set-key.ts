import { Labels } from '../model';
import { formatLabels } from '../labels/labels';
import { PromqlEvalError } from './promql-eval-error';

/** Cheap identity of a label set: sorted `name\xffvalue` pairs; key order and empty values do not matter. */
export function labelSetKey(labels: Labels): string {
  return Object.keys(labels)
    .filter((name) => (labels[name] ?? '') !== '')
    .sort()
    .map((name) => `${name}\xff${labels[name] ?? ''}`)
    .join('\xfe');
}

/** Prometheus refuses results where two elements end up with the same labels (e.g. after dropping `__name__`). */
export function assertUniqueLabelSets(elements: readonly { labels: Labels }[], context: string): void {
  const seen = new Set<string>();
  for (const { labels } of elements) {
    const key = labelSetKey(labels);
    if (seen.has(key)) {
      throw new PromqlEvalError(
        `vector cannot contain metrics with the same labelset: ${formatLabels(labels)} appears twice in the result of ${context}`,
      );
    }
    seen.add(key);
  }
}
