import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { formatRuleProblem } from 'src/core/rules/load-rule-file';
import { Rule } from 'src/core/rules/rule-file.schema';
import { formatDuration } from 'src/core/time/duration';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { AlertRepository } from '../alerts/alert.repository';
import { AlertView, alertView } from '../alerts/alerts.controller';
import { RuleStatus, RuleStatusRepository } from '../alerts/rule-status.repository';
import { ReloadOutcome, RuleRegistry } from './rule-registry.service';

interface ReloadView {
  readonly success: boolean;
  readonly at: string | null;
  readonly groups: number;
  readonly rules: number;
  readonly problems: string[];
}

interface RuleView {
  readonly name: string;
  readonly kind: Rule['kind'];
  readonly query: string | null;
  readonly health: 'ok' | 'err' | 'unknown';
  readonly lastError: string | null;
  readonly lastEvaluation: string | null;
  readonly evaluationDurationMs: number | null;
  readonly flapping: boolean;
  readonly firingsLastHour: number;
  readonly labels: Record<string, string>;
  readonly alerts: AlertView[];
}

function reloadView(outcome: ReloadOutcome): ReloadView {
  return {
    success: outcome.success,
    at: outcome.atMs === 0 ? null : new Date(outcome.atMs).toISOString(),
    groups: outcome.groups,
    rules: outcome.rules,
    problems: outcome.problems.map(formatRuleProblem),
  };
}

function queryOf(rule: Rule): string | null {
  switch (rule.kind) {
    case 'threshold':
    case 'recording':
      return rule.expr;
    case 'anomaly':
    case 'forecast':
      return rule.series;
    case 'slo':
      return null;
  }
}

/** `GET /api/v1/rules` (status of every loaded rule) and `POST /api/v1/rules/reload`. */
@Controller('api/v1/rules')
@UseGuards(ApiTokenGuard)
export class RulesController {
  constructor(
    private readonly registry: RuleRegistry,
    private readonly statuses: RuleStatusRepository,
    private readonly alerts: AlertRepository,
  ) {}

  @Get()
  @RequireScope('read')
  async list() {
    const [statuses, alerts] = await Promise.all([this.statuses.list(), this.alerts.list()]);
    const statusOf = new Map<string, RuleStatus>(
      statuses.map((status) => [`${status.groupName}\0${status.ruleName}`, status]),
    );
    const groups = this.registry.allGroups().map(({ group }) => ({
      name: group.name,
      file: group.file,
      interval: formatDuration(group.intervalMs),
      rules: group.rules.map((rule): RuleView => {
        const status = statusOf.get(`${group.name}\0${rule.name}`);
        return {
          name: rule.name,
          kind: rule.kind,
          query: queryOf(rule),
          health: status?.health ?? 'unknown',
          lastError: status?.lastError ?? null,
          lastEvaluation: status === undefined ? null : new Date(status.lastEvalMs).toISOString(),
          evaluationDurationMs: status?.lastDurationMs ?? null,
          flapping: status?.flapping ?? false,
          firingsLastHour: status?.recentFiringsMs.length ?? 0,
          labels: { ...group.labels, ...rule.labels },
          alerts: alerts
            .filter((alert) => alert.groupName === group.name && alert.ruleName === rule.name)
            .map(alertView),
        };
      }),
    }));
    return { status: 'success', data: { lastReload: reloadView(this.registry.lastReload()), groups } };
  }

  @Post('reload')
  @HttpCode(200)
  @RequireScope('admin')
  async reload(): Promise<{ status: 'success' | 'error'; data: ReloadView }> {
    const outcome = await this.registry.reload();
    return { status: outcome.success ? 'success' : 'error', data: reloadView(outcome) };
  }
}
