import { Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Request, Response } from 'express';
import { NotFoundError } from 'src/core/errors';
import {
  SilenceFormErrors,
  SilenceFormValues,
  alertsMutedBy,
  parseSilenceForm,
  silenceFormValues,
} from 'src/core/silences/silence-form';
import { silencesPage } from 'src/core/pages/silences-page';
import { Clock } from 'src/infra/clock';
import { isUuid } from 'src/infra/http/is-uuid';
import { AlertRepository } from '../alerts/alert.repository';
import { Actor } from '../audit/audit.repository';
import { RequireScope, tokenNameOf } from '../auth/api-token.guard';
import { SilenceRepository } from '../silences/silence.repository';
import { SilenceService } from '../silences/silence.service';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';
import { readForm } from './read-form';

/** Expired silences listed on the page (the API lists them all). */
const EXPIRED_SHOWN = 20;

const actorOf = (request: Request): Actor => ({ name: tokenNameOf(request) ?? 'page', source: 'page' });

/**
 * `GET /silences` lists silences and has the form to create one; `POST /silences` creates one (admin), checked as the
 * API checks it, and answers a refused form with the page, the user's input and each problem at its field (400);
 * `POST /silences/:id/expire` (admin) ends one now. Both writes go to the audit log in the signed-in token's name.
 */
@Controller('silences')
@UseGuards(PageAuthGuard)
@UseFilters(PageErrorFilter)
export class SilencePagesController {
  constructor(
    private readonly silences: SilenceRepository,
    private readonly changes: SilenceService,
    private readonly alerts: AlertRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequireScope('read')
  async list(
    @Req() request: Request,
    @Res() response: Response,
    @Query('changed') changed?: string,
  ): Promise<void> {
    await this.render(request, response, 200, {
      ...(changed === undefined || !isUuid(changed) ? {} : { changedId: changed }),
    });
  }

  @Post()
  @RequireScope('admin')
  async create(@Req() request: Request, @Res() response: Response): Promise<void> {
    const fields = await readForm(request);
    const values = silenceFormValues((name) => fields.get(name));
    const nowMs = this.clock.nowMs();
    const actor = actorOf(request);
    const parsed = parseSilenceForm(values, actor.name, nowMs);
    if (!parsed.ok) {
      await this.render(request, response, 400, { form: values, errors: parsed.errors });
      return;
    }
    const created = await this.changes.create(parsed.silence, actor, nowMs);
    response.redirect(303, `/silences?changed=${created.id}`);
  }

  @Post(':id/expire')
  @RequireScope('admin')
  async expire(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const expired = isUuid(id)
      ? await this.changes.expire(id, actorOf(request), this.clock.nowMs())
      : undefined;
    if (expired === undefined) {
      throw new NotFoundError(`no silence with id "${id}"`);
    }
    response.redirect(303, `/silences?changed=${expired.id}`);
  }

  private async render(
    request: Request,
    response: Response,
    status: number,
    extra: { form?: SilenceFormValues; errors?: SilenceFormErrors; changedId?: string },
  ): Promise<void> {
    const nowMs = this.clock.nowMs();
    const [{ silences, expiredTotal }, firing] = await Promise.all([
      this.silences.forPage(nowMs, EXPIRED_SHOWN),
      this.alerts.firingLabels(),
    ]);
    const muted = alertsMutedBy(silences, firing, nowMs);
    response
      .status(status)
      .setHeader('cache-control', 'no-store')
      .type('html')
      .send(
        silencesPage({
          silences: silences.map((silence) => ({
            ...silence,
            alertsMuted: muted.get(silence.id) ?? 0,
            notificationsMuted: silence.suppressed,
          })),
          expiredTotal,
          nowMs,
          author: tokenNameOf(request) ?? 'page',
          ...extra,
        }),
      );
  }
}
