import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { isUuid } from 'src/infra/http/is-uuid';
import { Request } from 'express';
import { Clock } from 'src/infra/clock';
import { AlertStatus } from 'src/core/alerts/alert-state';
import { InvalidInputError, NotFoundError } from 'src/core/errors';
import { ApiTokenGuard, RequireScope, tokenNameOf } from '../auth/api-token.guard';

import { AlertRepository, ListedAlert } from './alert.repository';
import { AcknowledgementService } from '../incidents/acknowledgement.service';

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
  readonly acknowledged?: { readonly at: string; readonly by: string; readonly source: string };
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
    ...(alert.acknowledged === undefined
      ? {}
      : {
          acknowledged: {
            at: new Date(alert.acknowledged.atMs).toISOString(),
            by: alert.acknowledged.by,
            source: alert.acknowledged.source,
          },
        }),
  };
}

/** `GET /api/v1/alerts[?state=pending|firing|resolved]`: alerts as the last evaluations left them. */
@Controller('api/v1/alerts')
@UseGuards(ApiTokenGuard)
export class AlertsController {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly acknowledgements: AcknowledgementService,
    private readonly clock: Clock,
  ) {}

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

  /** `POST /api/v1/alerts/:id/ack`: acknowledges the alert's current episode in the name of the API token. */
  @Post(':id/ack')
  @HttpCode(200)
  @RequireScope('admin')
  async acknowledge(@Param('id') id: string, @Req() request: Request) {
    const alert = isUuid(id)
      ? await this.acknowledgements.acknowledgeAlert(id, {
          atMs: this.clock.nowMs(),
          by: `token:${tokenNameOf(request) ?? 'unknown'}`,
          source: 'api',
        })
      : undefined;
    if (alert === undefined) {
      throw new NotFoundError(`no alert with id "${id}"`);
    }
    return { status: 'success', data: alertView(alert) };
  }
}
