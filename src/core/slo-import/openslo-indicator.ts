import { ImportedSli } from './imported-slo';
import { sliFromQueries } from './slo-fields';
import { YamlCursor } from './yaml-cursor';

/**
 * The SLI of an OpenSLO v1 SLO (the `spec` of an inline `indicator` or of an `SLI` document): a `ratioMetric` of
 * counters, good or bad events over total events, with Prometheus queries in `metricSource.spec.query`.
 */

/** DataSource names and their `type`, for metric sources that name one with `metricSourceRef`. */
export type DataSourceTypes = ReadonlyMap<string, string>;

export function sliOfIndicator(spec: YamlCursor, dataSources: DataSourceTypes): ImportedSli | undefined {
  if (!spec.map(['description', 'thresholdMetric', 'ratioMetric'])) {
    return undefined;
  }
  if (spec.child('thresholdMetric').present) {
    spec
      .child('thresholdMetric')
      .keyError(
        'a thresholdMetric SLI cannot be imported: forewarn SLOs count good or bad events (ratioMetric)',
      );
    return undefined;
  }
  const ratio = spec.child('ratioMetric');
  if (!ratio.present) {
    ratio.error('missing required key "ratioMetric"');
    return undefined;
  }
  if (!ratio.map(['counter', 'good', 'bad', 'total', 'rawType', 'raw'])) {
    return undefined;
  }
  for (const key of ['raw', 'rawType']) {
    if (ratio.child(key).present) {
      ratio
        .child(key)
        .keyError(
          'a precomputed (raw) ratio cannot be imported: forewarn computes the ratio from good or bad and total',
        );
      return undefined;
    }
  }
  if (ratio.child('counter').boolean() === false) {
    ratio
      .child('counter')
      .error(
        'counter: false cannot be imported: forewarn reads SLI metrics as counters, with increase() over each window',
      );
    return undefined;
  }
  const good = ratio.child('good');
  const bad = ratio.child('bad');
  if (good.present && bad.present) {
    bad.keyError('give either "good" or "bad", not both; the other is total minus it');
    return undefined;
  }
  if (!good.present && !bad.present) {
    ratio.error('a ratioMetric needs "good" or "bad" (one of them) as well as "total"');
    return undefined;
  }
  const part = queryOf(good.present ? good : bad, dataSources);
  const total = ratio.child('total');
  if (!total.present) {
    ratio.error('missing required key "total"');
    return undefined;
  }
  const totalQuery = queryOf(total, dataSources);
  if (part === undefined || totalQuery === undefined) {
    return undefined;
  }
  return sliFromQueries({ kind: good.present ? 'good' : 'bad', at: part }, totalQuery);
}

/** The query of a metric (`metricSource.spec.query`), when its source is Prometheus (or does not say). */
function queryOf(metric: YamlCursor, dataSources: DataSourceTypes): YamlCursor | undefined {
  if (!metric.map(['metricSource'])) {
    return undefined;
  }
  const source = metric.child('metricSource');
  if (!source.present) {
    source.error('missing required key "metricSource"');
    return undefined;
  }
  if (!source.map(['metricSourceRef', 'type', 'spec'])) {
    return undefined;
  }
  const refAt = source.child('metricSourceRef');
  const ref = refAt.string();
  const typeAt = source.child('type');
  const type = typeAt.string() ?? (ref === undefined ? undefined : dataSources.get(ref));
  if (type !== undefined && type.toLowerCase() !== 'prometheus') {
    (typeAt.present ? typeAt : refAt).error(
      `a ${type} metric source cannot be imported: forewarn reads Prometheus metrics (type: Prometheus)`,
    );
    return undefined;
  }
  const spec = source.child('spec');
  if (!spec.present) {
    spec.error('missing required key "spec"');
    return undefined;
  }
  // The keys of a metric source's spec are free-form in OpenSLO; only "query" is read.
  if (!spec.map()) {
    return undefined;
  }
  const query = spec.child('query');
  if (!query.present) {
    query.error('missing required key "query" (the PromQL query of a Prometheus metric source)');
    return undefined;
  }
  return query;
}
