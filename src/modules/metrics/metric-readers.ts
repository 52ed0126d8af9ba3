import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { RuleGroup } from 'src/core/rules/rule-file.schema';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { MetricReader } from './metric-reader';
import { PostgresMetricReader } from './postgres-metric-reader';
import { PrometheusMetricReader } from './prometheus-metric-reader';

/**
 * The metric readers forewarn can use, and which one a rule group reads from: its `backend:`, or `METRICS_BACKEND`.
 * The Prometheus reader exists when `PROMETHEUS_URL` is set.
 */
@Injectable()
export class MetricReaders {
  private readonly prometheus: PrometheusMetricReader | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly postgres: PostgresMetricReader,
  ) {
    this.prometheus =
      config.PROMETHEUS_URL === undefined
        ? undefined
        : new PrometheusMetricReader({
            url: config.PROMETHEUS_URL,
            bearerToken: config.PROMETHEUS_BEARER_TOKEN,
            timeoutMs: config.PROMETHEUS_TIMEOUT,
          });
  }

  /** The reader of `METRICS_BACKEND` (the config check guarantees `PROMETHEUS_URL` for `prometheus`). */
  byDefault(): MetricReader {
    return this.config.METRICS_BACKEND === 'prometheus' && this.prometheus !== undefined
      ? this.prometheus
      : this.postgres;
  }

  /** The reader of a rule group; throws (the group's rules fail with this error) when its backend is not set up. */
  forGroup(group: Pick<RuleGroup, 'name' | 'backend'>): MetricReader {
    if (group.backend === undefined) {
      return this.byDefault();
    }
    if (group.backend === 'postgres') {
      return this.postgres;
    }
    if (this.prometheus === undefined) {
      throw new Error(`rule group "${group.name}" has backend: prometheus, but PROMETHEUS_URL is not set`);
    }
    return this.prometheus;
  }
}
