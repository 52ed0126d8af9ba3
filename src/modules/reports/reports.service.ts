import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { ReliabilityReport, ReportFilters, reliabilityReport } from 'src/core/reports/reliability-report';
import {
  Granularity,
  NamedPeriod,
  ReportPeriod,
  lastWeeks,
  parseReportPeriod,
  periodsBetween,
  previousPeriod,
} from 'src/core/reports/report-period';
import { SloPeriodCounts } from 'src/core/reports/slo-compliance';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { RuleRegistry } from '../rules/rule-registry.service';
import { SloDataReader } from '../slo/slo-data.reader';
import { ReportRepository } from './report.repository';

/** The default range of the reports page: the current ISO week and the 7 before it. */
export const DEFAULT_WEEKS = 8;

/** Builds reliability reports: reads the period's incidents and the SLOs' counts, the core does the arithmetic. */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly incidents: ReportRepository,
    private readonly registry: RuleRegistry,
    private readonly sloData: SloDataReader,
  ) {}

  get timeZone(): string {
    return this.config.FOREWARN_TIMEZONE;
  }

  /** The named period (`2026-W47`, `2026-11`, `2026-Q4`), or the last 8 weeks when `text` is empty. */
  period(
    text: string | undefined,
    nowMs: number,
  ): NamedPeriod | (ReportPeriod & { granularity: Granularity }) {
    return text === undefined || text === ''
      ? { ...lastWeeks(DEFAULT_WEEKS, nowMs, this.timeZone), granularity: 'week' }
      : parseReportPeriod(text, this.timeZone);
  }

  previous(period: NamedPeriod): NamedPeriod {
    return previousPeriod(period, this.timeZone);
  }

  async report(
    period: ReportPeriod & { granularity: Granularity },
    filters: ReportFilters,
    nowMs: number,
  ): Promise<ReliabilityReport> {
    const buckets = periodsBetween(period.granularity, period.startMs, period.endMs, this.timeZone);
    const [{ incidents, alerts }, slos] = await Promise.all([
      this.incidents.incidentsStartedIn(period.startMs, period.endMs, filters),
      this.sloCounts(period, buckets, nowMs),
    ]);
    return reliabilityReport({
      period,
      granularity: period.granularity,
      buckets,
      timeZone: this.timeZone,
      nowMs,
      filters,
      incidents,
      alerts,
      slos,
    });
  }

  dimensions(): Promise<{ services: string[]; teams: string[] }> {
    return this.incidents.dimensions();
  }

  /** SLI counts of every loaded SLO over the period and each bucket (clipped to now; none after now). */
  private async sloCounts(
    period: ReportPeriod,
    buckets: readonly ReportPeriod[],
    nowMs: number,
  ): Promise<SloPeriodCounts[]> {
    const ranges = [period, ...buckets].filter((range) => range.startMs < nowMs);
    const out: SloPeriodCounts[] = [];
    for (const group of this.registry.allGroups()) {
      for (const compiled of group.rules) {
        if (compiled.kind !== 'slo') {
          continue;
        }
        const counts = await this.sloData.monthlyCounts(
          compiled,
          ranges.map((range) => ({ month: range.label, startMs: range.startMs, endMs: range.endMs })),
          nowMs,
        );
        const byLabel = new Map(counts.map((entry) => [entry.month.month, entry.counts]));
        out.push({
          slo: compiled.rule.name,
          groupName: compiled.group.name,
          service: compiled.labels.service ?? null,
          team: compiled.labels.team ?? null,
          objectivePercent: compiled.rule.objective,
          whole: byLabel.get(period.label),
          periods: buckets.map((bucket) => ({ period: bucket, counts: byLabel.get(bucket.label) })),
        });
      }
    }
    return out;
  }
}
