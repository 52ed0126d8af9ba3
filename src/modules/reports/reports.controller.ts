import { Controller, Get, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Response } from 'express';
import { reportsPage } from 'src/core/pages/reports-page';
import { CSV_TABLES, CsvTable, reportCsv } from 'src/core/reports/report-csv';
import { reportView } from 'src/core/reports/report-view';
import { Clock } from 'src/infra/clock';
import { queryChoice as oneOf } from 'src/infra/http/query-choice';
import { RequireScope } from '../auth/api-token.guard';
import { PageAuthGuard } from '../pages/page-auth.guard';
import { PageErrorFilter } from '../pages/page-error.filter';
import { ReportsService } from './reports.service';

const FORMATS = ['html', 'json', 'csv'] as const;

const optional = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/**
 * `GET /reports?period=2026-W47&service=…&team=…&format=html|json|csv[&table=incidents|rules|slos]`: the
 * reliability report (default: the last 8 weeks) as a page, JSON or CSV, all from one view of the same numbers.
 */
@Controller('reports')
@UseGuards(PageAuthGuard)
@UseFilters(PageErrorFilter)
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async report(
    @Res() response: Response,
    @Query('period') periodText?: string,
    @Query('service') service?: string,
    @Query('team') team?: string,
    @Query('format') formatText?: string,
    @Query('table') tableText?: string,
  ): Promise<void> {
    const format = oneOf(formatText, FORMATS, 'format', 'html');
    const table = oneOf<CsvTable>(tableText, CSV_TABLES, 'table', 'incidents');
    const nowMs = this.clock.nowMs();
    const period = this.reports.period(periodText, nowMs);
    const filters = {
      ...(optional(service) === undefined ? {} : { service }),
      ...(optional(team) === undefined ? {} : { team }),
    };
    const view = reportView(await this.reports.report(period, filters, nowMs));
    response.setHeader('cache-control', 'no-store');
    switch (format) {
      case 'json':
        response.json(view);
        return;
      case 'csv':
        response
          .type('text/csv; charset=utf-8')
          .setHeader(
            'content-disposition',
            `attachment; filename="forewarn-report-${view.period.label.replace(/\W+/g, '-')}-${table}.csv"`,
          )
          .send(reportCsv(view, table));
        return;
      case 'html': {
        const { services, teams } = await this.reports.dimensions();
        response.type('html').send(reportsPage({ view, periodText: periodText ?? '', services, teams }));
        return;
      }
    }
  }
}
