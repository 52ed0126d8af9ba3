import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { InvalidInputError, NotFoundError } from 'src/core/errors';
import { Clock } from 'src/infra/clock';
import { isUuid } from 'src/infra/http/is-uuid';
import { ApiTokenGuard, RequireScope, tokenNameOf } from '../auth/api-token.guard';
import { AcknowledgementService } from './acknowledgement.service';
import { IncidentRepository, StoredIncident } from './incident.repository';

const LIST_LIMIT = 200;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function incidentView(incident: StoredIncident) {
  return {
    id: incident.id,
    title: incident.title,
    receiver: incident.receiver,
    groupKey: incident.groupKey,
    groupLabels: { ...incident.groupLabels },
    severity: incident.severity,
    service: incident.service,
    team: incident.team,
    startedAt: new Date(incident.startedAtMs).toISOString(),
    resolvedAt: iso(incident.resolvedAtMs),
    nextFlushAt: iso(incident.nextFlushAtMs),
    ...(incident.acknowledged === undefined
      ? {}
      : {
          acknowledged: {
            at: new Date(incident.acknowledged.atMs).toISOString(),
            by: incident.acknowledged.by,
            source: incident.acknowledged.source,
          },
        }),
  };
}

/**
 * `GET /api/v1/incidents[?state=open|resolved]`, `GET /api/v1/incidents/:id` (with its alerts and every
 * notification sent, with delivery status) and `POST /api/v1/incidents/:id/ack`.
 */
@Controller('api/v1/incidents')
@UseGuards(ApiTokenGuard)
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly acknowledgements: AcknowledgementService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async list(@Query('state') state?: string) {
    if (state !== undefined && state !== 'open' && state !== 'resolved') {
      throw new InvalidInputError(`unknown state "${state}"`, [
        { where: 'query.state', message: 'use open or resolved' },
      ]);
    }
    const incidents = await this.incidents.list({
      ...(state === undefined ? {} : { open: state === 'open' }),
      limit: LIST_LIMIT,
    });
    return { status: 'success', data: { incidents: incidents.map(incidentView) } };
  }

  @Get(':id')
  @RequireScope('read')
  async get(@Param('id') id: string) {
    const detail = isUuid(id) ? await this.incidents.detail(id) : undefined;
    if (detail === undefined) {
      throw new NotFoundError(`no incident with id "${id}"`);
    }
    return {
      status: 'success',
      data: {
        ...incidentView(detail.incident),
        alerts: detail.alerts.map((alert) => ({
          alertId: alert.alertId,
          rule: alert.ruleName,
          labels: { ...alert.labels },
          state: alert.state,
          firedAt: new Date(alert.firedAtMs).toISOString(),
          resolvedAt: iso(alert.resolvedAtMs),
          ...(alert.muted === undefined ? {} : { muted: alert.muted }),
        })),
        notifications: detail.notifications,
      },
    };
  }

  /** Acknowledges the incident (and its alerts) in the name of the API token; the first acknowledgement counts. */
  @Post(':id/ack')
  @HttpCode(200)
  @RequireScope('admin')
  async acknowledge(@Param('id') id: string, @Req() request: Request) {
    const incident = isUuid(id)
      ? await this.acknowledgements.acknowledgeIncident(id, {
          atMs: this.clock.nowMs(),
          by: `token:${tokenNameOf(request) ?? 'unknown'}`,
          source: 'api',
        })
      : undefined;
    if (incident === undefined) {
      throw new NotFoundError(`no incident with id "${id}"`);
    }
    return { status: 'success', data: incidentView(incident) };
  }
}
