import { Controller, Get, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Response } from 'express';
import { overviewPage } from 'src/core/pages/overview-page';
import { Clock } from 'src/infra/clock';
import { pageFormat } from 'src/infra/http/query-choice';
import { RequireScope } from '../auth/api-token.guard';
import { OverviewService } from './overview.service';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';

/** `GET /[?format=json]`: what fires now by service and severity, rules with errors, failing receivers. */
@Controller()
@UseGuards(PageAuthGuard)
@UseFilters(PageErrorFilter)
export class OverviewPageController {
  constructor(
    private readonly overview: OverviewService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async show(@Res() response: Response, @Query('format') format?: string): Promise<void> {
    const chosen = pageFormat(format);
    const nowMs = this.clock.nowMs();
    const view = await this.overview.overview(nowMs);
    response.setHeader('cache-control', 'no-store');
    if (chosen === 'json') {
      response.json(view);
    } else {
      response.type('html').send(overviewPage(view, nowMs));
    }
  }
}
