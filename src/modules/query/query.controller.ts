import { Controller, Get, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { readBody } from 'src/infra/http/read-body';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { PrometheusApiErrorFilter } from './prometheus-api-error.filter';
import { QueryParams, QueryService } from './query.service';

/** A form body of a POST query is small; this caps what a caller can make the API buffer. */
const MAX_FORM_BYTES = 1 << 20;

interface Success<T> {
  status: 'success';
  data: T;
}

/**
 * Prometheus's HTTP query API (`GET` or form `POST`), so Grafana can use forewarn as a Prometheus data source: a
 * token with the `read` scope, sent as `Authorization: Bearer` (Grafana's custom header or a proxy adds it).
 */
@Controller('api/v1')
@UseGuards(ApiTokenGuard)
@UseFilters(PrometheusApiErrorFilter)
export class QueryController {
  constructor(private readonly queries: QueryService) {}

  @Get('query')
  @RequireScope('read')
  async query(@Req() request: Request) {
    return success(await this.queries.instant(await paramsOf(request)));
  }

  @HttpCode(200)
  @Post('query')
  @RequireScope('read')
  async queryPost(@Req() request: Request) {
    return this.query(request);
  }

  @Get('query_range')
  @RequireScope('read')
  async queryRange(@Req() request: Request) {
    return success(await this.queries.range(await paramsOf(request)));
  }

  @HttpCode(200)
  @Post('query_range')
  @RequireScope('read')
  async queryRangePost(@Req() request: Request) {
    return this.queryRange(request);
  }

  @Get('series')
  @RequireScope('read')
  async series(@Req() request: Request) {
    return success(await this.queries.series(await paramsOf(request)));
  }

  @HttpCode(200)
  @Post('series')
  @RequireScope('read')
  async seriesPost(@Req() request: Request) {
    return this.series(request);
  }

  @Get('labels')
  @RequireScope('read')
  async labels(@Req() request: Request) {
    return success(await this.queries.labels(await paramsOf(request)));
  }

  @HttpCode(200)
  @Post('labels')
  @RequireScope('read')
  async labelsPost(@Req() request: Request) {
    return this.labels(request);
  }

  @Get('label/:name/values')
  @RequireScope('read')
  async labelValues(@Param('name') name: string, @Req() request: Request) {
    return success(await this.queries.labelValues(name, await paramsOf(request)));
  }
}

function success<T>(data: T): Success<T> {
  return { status: 'success', data };
}

/** The URL's parameters plus, for a form POST, the body's (as Prometheus reads `r.Form`). */
async function paramsOf(request: Request): Promise<QueryParams> {
  const params = new URL(request.originalUrl, 'http://localhost').searchParams;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (request.method === 'POST' && type === 'application/x-www-form-urlencoded') {
    const body = await readBody(request, MAX_FORM_BYTES, 'the query API form limit (1 MiB)');
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      params.append(name, value);
    }
  }
  return params;
}
