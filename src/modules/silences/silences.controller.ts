import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { isUuid } from 'src/infra/http/is-uuid';
import { Request } from 'express';
import { InvalidInputError, NotFoundError } from 'src/core/errors';
import { formatMatchers } from 'src/core/routing/label-matchers';
import { silenceState } from 'src/core/routing/silence';
import { parseSilenceRequest } from 'src/core/silences/silence-request';
import { Clock } from 'src/infra/clock';
import { readBody } from 'src/infra/http/read-body';
import { readJson } from 'src/infra/http/read-json';
import { ApiTokenGuard, RequireScope, tokenNameOf } from '../auth/api-token.guard';
import { SilenceRepository, StoredSilence } from './silence.repository';
import { SilenceService } from './silence.service';
import { Actor } from '../audit/audit.repository';

const MAX_BODY_BYTES = 64 * 1024;
const iso = (ms: number) => new Date(ms).toISOString();

export function silenceView(silence: StoredSilence, nowMs: number) {
  return {
    id: silence.id,
    matchers: silence.matchers,
    matchersText: formatMatchers(silence.matchers),
    startsAt: iso(silence.startsAt),
    endsAt: iso(silence.endsAt),
    state: silenceState(silence, nowMs),
    createdBy: silence.createdBy,
    comment: silence.comment,
    createdAt: iso(silence.createdAtMs),
    suppressed: silence.suppressed,
  };
}

/** The audit log's actor of an API request: the token's name. */
const actorOf = (request: Request): Actor => ({ name: tokenNameOf(request) ?? 'api', source: 'api' });

/**
 * `POST /api/v1/silences` (admin): `{ matchers: 'service="checkout"', duration: "2h" | endsAt, startsAt?, createdBy,
 * comment }`; `GET /api/v1/silences[?expired=true]` (read), with how many notifications each has muted;
 * `DELETE /api/v1/silences/:id` (admin) expires one.
 */
@Controller('api/v1/silences')
@UseGuards(ApiTokenGuard)
export class SilencesController {
  constructor(
    private readonly silences: SilenceRepository,
    private readonly changes: SilenceService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScope('admin')
  async create(@Req() request: Request) {
    const body = readJson(await readBody(request, MAX_BODY_BYTES, 'silence body limit'));
    const nowMs = this.clock.nowMs();
    const parsed = parseSilenceRequest(body, nowMs);
    if (!parsed.ok) {
      throw new InvalidInputError('the silence is not valid; nothing was stored', parsed.problems);
    }
    const created = await this.changes.create(parsed.silence, actorOf(request), nowMs);
    return { status: 'success', data: silenceView(created, nowMs) };
  }

  @Get()
  @RequireScope('read')
  async list(@Query('expired') expired?: string) {
    const nowMs = this.clock.nowMs();
    const silences = await this.silences.list(nowMs, expired === 'true');
    return { status: 'success', data: { silences: silences.map((silence) => silenceView(silence, nowMs)) } };
  }

  @Delete(':id')
  @RequireScope('admin')
  async expire(@Param('id') id: string, @Req() request: Request) {
    const nowMs = this.clock.nowMs();
    const silence = isUuid(id) ? await this.changes.expire(id, actorOf(request), nowMs) : undefined;
    if (silence === undefined) {
      throw new NotFoundError(`no silence with id "${id}"`);
    }
    return { status: 'success', data: silenceView(silence, nowMs) };
  }
}
