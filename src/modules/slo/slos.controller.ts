import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { CompiledSloRule } from 'src/core/evaluation/compile-slo-rule';
import { InvalidInputError, NotFoundError } from 'src/core/errors';
import { calendarMonthAt, calendarMonthsBetween, monthlyBudgetHistory } from 'src/core/slo/calendar-window';
import { SloStatus } from 'src/core/slo/evaluate-slo';
import { Clock } from 'src/infra/clock';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { RuleRegistry } from '../rules/rule-registry.service';
import { loadedSlo } from './loaded-slo';
import { SloDataReader } from './slo-data.reader';
import { SloStatusRepository, StoredSloStatus } from './slo-status.repository';

const MAX_HISTORY_MONTHS = 24;
const iso = (ms: number): string => new Date(ms).toISOString();

/** An SLO status as the API shows it: times as ISO strings, the group it belongs to. */
function sloView({ groupName, status }: StoredSloStatus) {
  const { exhaustion } = status;
  return {
    ...status,
    group: groupName,
    evaluatedAt: iso(status.evaluatedAtMs),
    exhaustion:
      exhaustion.status === 'decreasing'
        ? { ...exhaustion, exhaustionAt: iso(exhaustion.exhaustionMs) }
        : exhaustion,
  };
}

/**
 * `GET /api/v1/slos`, `/api/v1/slos/:name` (the latest evaluation: objective, SLI, budget remaining as a ratio and
 * in minutes, burn rate per window, alert rows, exhaustion forecast) and `/api/v1/slos/:name/history?months=N`
 * (budget month by month, computed from the stored counters).
 */
@Controller('api/v1/slos')
@UseGuards(ApiTokenGuard)
export class SlosController {
  constructor(
    private readonly statuses: SloStatusRepository,
    private readonly registry: RuleRegistry,
    private readonly data: SloDataReader,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async list() {
    const stored = await this.statuses.list();
    return { status: 'success', data: { slos: stored.map(sloView) } };
  }

  @Get(':name')
  @RequireScope('read')
  async get(@Param('name') name: string) {
    const stored = await this.statuses.find(name);
    if (stored === undefined) {
      this.compiled(name); // a loaded SLO that has not been evaluated yet is a 404 with a different message
      throw new NotFoundError(`SLO "${name}" has not been evaluated yet`);
    }
    return { status: 'success', data: sloView(stored) };
  }

  @Get(':name/history')
  @RequireScope('read')
  async history(@Param('name') name: string, @Query('months') monthsText?: string) {
    const count = monthsText === undefined ? 6 : Number(monthsText);
    if (!Number.isInteger(count) || count < 1 || count > MAX_HISTORY_MONTHS) {
      throw new InvalidInputError(`bad months "${monthsText}"`, [
        { where: 'query.months', message: `use a whole number from 1 to ${MAX_HISTORY_MONTHS}` },
      ]);
    }
    const compiled = this.compiled(name);
    const nowMs = this.clock.nowMs();
    const current = calendarMonthAt(nowMs);
    const first = calendarMonthAt(
      Date.UTC(
        new Date(current.startMs).getUTCFullYear(),
        new Date(current.startMs).getUTCMonth() - (count - 1),
        1,
      ),
    );
    const months = calendarMonthsBetween(first.startMs, nowMs);
    const history = monthlyBudgetHistory(
      await this.data.monthlyCounts(compiled, months, nowMs),
      compiled.rule.objective,
    );
    return {
      status: 'success',
      data: {
        slo: name,
        objective: compiled.rule.objective,
        months: history.map((entry) => ({
          month: entry.month.month,
          complete: entry.month.endMs <= nowMs,
          budget: entry.budget,
          ...(entry.objectiveMet === undefined ? {} : { objectiveMet: entry.objectiveMet }),
        })),
      },
    };
  }

  private compiled(name: string): CompiledSloRule {
    return loadedSlo(this.registry, name);
  }
}

export type SloView = ReturnType<typeof sloView>;
export type { SloStatus };
