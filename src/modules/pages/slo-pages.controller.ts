import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Response } from 'express';
import { NotFoundError } from 'src/core/errors';
import { sloDetailPage, sloListPage } from 'src/core/pages/slo-pages';
import { budgetBurnDown, burnDownSpan } from 'src/core/slo/budget-burn-down';
import { sloWindowBounds } from 'src/core/slo/calendar-window';
import { Clock } from 'src/infra/clock';
import { pageFormat } from 'src/infra/http/query-choice';
import { RequireScope } from '../auth/api-token.guard';
import { RuleRegistry } from '../rules/rule-registry.service';
import { loadedSlo } from '../slo/loaded-slo';
import { SloDataReader } from '../slo/slo-data.reader';
import { SloStatusRepository } from '../slo/slo-status.repository';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';

/**
 * `GET /slos` (every SLO's latest evaluation) and `GET /slos/:name` (one SLO with its error-budget burn-down over
 * the window, from the budget its evaluations recorded, and the exhaustion forecast); both also `?format=json`.
 */
@Controller('slos')
@UseGuards(PageAuthGuard)
@UseFilters(PageErrorFilter)
export class SloPagesController {
  constructor(
    private readonly statuses: SloStatusRepository,
    private readonly registry: RuleRegistry,
    private readonly data: SloDataReader,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async list(@Res() response: Response, @Query('format') format?: string): Promise<void> {
    const chosen = pageFormat(format);
    const statuses = (await this.statuses.list()).map((stored) => stored.status);
    response.setHeader('cache-control', 'no-store');
    if (chosen === 'json') {
      response.json({ slos: statuses });
    } else {
      response.type('html').send(sloListPage(statuses, this.clock.nowMs()));
    }
  }

  @Get(':name')
  @RequireScope('read')
  async show(
    @Res() response: Response,
    @Param('name') name: string,
    @Query('format') format?: string,
  ): Promise<void> {
    const chosen = pageFormat(format);
    const compiled = loadedSlo(this.registry, name);
    const stored = await this.statuses.find(name);
    if (stored === undefined) {
      throw new NotFoundError(`SLO "${name}" has not been evaluated yet`);
    }
    const { status } = stored;
    const nowMs = status.evaluatedAtMs;
    const span = burnDownSpan(sloWindowBounds(compiled.rule.window, nowMs), compiled.rule.window.type, nowMs);
    const recorded = await this.data.recordedBudget(compiled, span.startMs, nowMs);
    const burnDown = budgetBurnDown(recorded, status.exhaustion, { ...span, nowMs });
    response.setHeader('cache-control', 'no-store');
    if (chosen === 'json') {
      response.json({ slo: status, burnDown });
    } else {
      response.type('html').send(sloDetailPage(status, burnDown, span));
    }
  }
}
