import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AlertStatus } from 'src/core/alerts/alert-state';
import { InvalidInputError } from 'src/core/errors';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { AlertRepository, ListedAlert } from './alert.repository';

const STATES: Readonly<Record<string, AlertStatus>> = {
  pending: 'pending',
  firing: 'firing',
  resolved: 'inactive',
};

export interface AlertView {
  readonly id: string;
  readonly group: string;
  readonly rule: string;
  readonly state: 'pending' | 'firing' | 'resolved';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly value: number | null;
  readonly activeAt: string;
  readonly firedAt?: string;
  readonly resolvedAt?: string;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function alertView(alert: ListedAlert): AlertView {
  return {
    id: alert.id,
    group: alert.groupName,
    rule: alert.ruleName,
    state: alert.status === 'inactive' ? 'resolved' : alert.status,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    value: Number.isFinite(alert.value) ? alert.value : null,
    activeAt: new Date(alert.activeAtMs).toISOString(),
    firedAt: iso(alert.firedAtMs),
    resolvedAt: iso(alert.resolvedAtMs),
  };
}

/** `GET /api/v1/alerts[?state=pending|firing|resolved]`: alerts as the last evaluations left them. */
@Controller('api/v1/alerts')
@UseGuards(ApiTokenGuard)
export class AlertsController {
  constructor(private readonly alerts: AlertRepository) {}

  @Get()
  @RequireScope('read')
  async list(@Query('state') state?: string): Promise<{ status: 'success'; data: { alerts: AlertView[] } }> {
    const status = state === undefined ? undefined : STATES[state];
    if (state !== undefined && status === undefined) {
      throw new InvalidInputError(`unknown state "${state}"`, [
        { where: 'query.state', message: `use one of ${Object.keys(STATES).join(', ')}` },
      ]);
    }
    const alerts = await this.alerts.list({ status });
    return { status: 'success', data: { alerts: alerts.map(alertView) } };
  }
}
