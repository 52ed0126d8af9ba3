import { Controller, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { parseChangeEvent } from 'src/core/events/change-event';
import { InvalidInputError } from 'src/core/errors';
import { parseDuration } from 'src/core/time/duration';
import { Clock } from 'src/infra/clock';
import { PrismaService } from 'src/infra/database/prisma.service';
import { readBody } from 'src/infra/http/read-body';
import { readJson } from 'src/infra/http/read-json';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { ChangeEventRepository, StoredChangeEvent } from './change-event.repository';

const MAX_BODY_BYTES = 64 * 1024;

const view = (event: StoredChangeEvent) => {
  const { atMs, ...rest } = event;
  return { ...rest, at: new Date(atMs).toISOString() };
};

/**
 * `POST /api/v1/events` (scope `ingest`, from CI/CD): `{ service, at?, version?, commit?, url?, author?,
 * description? }`. `GET /api/v1/events?service=checkout[&since=24h]` (scope `read`).
 */
@Controller('api/v1/events')
@UseGuards(ApiTokenGuard)
export class EventsController {
  constructor(
    private readonly events: ChangeEventRepository,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScope('ingest')
  async create(@Req() request: Request) {
    const body = readJson(await readBody(request, MAX_BODY_BYTES, 'event body limit'));
    const parsed = parseChangeEvent(body, this.clock.nowMs());
    if (!parsed.ok) {
      throw new InvalidInputError('the event is not valid; nothing was stored', parsed.problems);
    }
    return { status: 'success', data: view(await this.events.create(parsed.event)) };
  }

  @Get()
  @RequireScope('read')
  async list(@Query('service') service?: string, @Query('since') since = '24h') {
    if (service === undefined || service === '') {
      throw new InvalidInputError('give the service', [{ where: 'query.service', message: 'required' }]);
    }
    let sinceMs: number;
    try {
      sinceMs = parseDuration(since);
    } catch {
      throw new InvalidInputError(`bad since "${since}"`, [
        { where: 'query.since', message: 'a duration such as 24h' },
      ]);
    }
    const nowMs = this.clock.nowMs();
    const events = await this.events.forService(this.prisma, service, nowMs - sinceMs, nowMs, 100);
    return { status: 'success', data: { events: events.map(view) } };
  }
}
