import { Controller, Get, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Response } from 'express';
import { InvalidInputError } from 'src/core/errors';
import { AlertHistoryQuery, parseHistoryFilters } from 'src/core/history/alert-history-filters';
import { alertHistoryJson } from 'src/core/history/alert-history';
import { alertHistoryPage } from 'src/core/pages/alert-history-page';
import { Clock } from 'src/infra/clock';
import { RequireScope } from '../auth/api-token.guard';
import { AlertHistoryRepository } from './alert-history.repository';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * `GET /alerts?rule=&service=&state=firing|resolved|silenced|inhibited&from=&to=&limit=&page=[&format=json]`: the
 * alert history as a page or JSON. Bad filters get a 400 naming each field.
 */
@Controller('alerts')
@UseGuards(PageAuthGuard)
@UseFilters(PageErrorFilter)
export class AlertHistoryPagesController {
  constructor(
    private readonly history: AlertHistoryRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async list(@Query() params: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const format = text(params.format) ?? 'html';
    const query: AlertHistoryQuery = {
      rule: text(params.rule),
      service: text(params.service),
      state: text(params.state),
      from: text(params.from),
      to: text(params.to),
      limit: text(params.limit),
      page: text(params.page),
    };
    const problems =
      format === 'html' || format === 'json' ? [] : [{ where: 'format', message: 'use html or json' }];
    const parsed = parseHistoryFilters(query, this.clock.nowMs());
    if (!parsed.ok || problems.length > 0) {
      throw new InvalidInputError('bad alert history filters', [
        ...problems,
        ...(parsed.ok ? [] : parsed.problems),
      ]);
    }
    const history = await this.history.find(parsed.filters);
    response.setHeader('cache-control', 'no-store');
    if (format === 'json') {
      response.json(alertHistoryJson(history));
      return;
    }
    const { rules, services } = await this.history.dimensions();
    response.type('html').send(alertHistoryPage({ history, query, rules, services }));
  }
}
