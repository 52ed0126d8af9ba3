import { Controller, Get, Header, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { Response } from 'express';
import { AppConfig } from 'src/config/app-config';
import { verifyAckToken } from 'src/core/auth/ack-link';
import { AckPageAlert, ackConfirmPage, ackDonePage, ackErrorPage } from 'src/core/pages/ack-page';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { AlertRepository, ListedAlert } from '../alerts/alert.repository';
import { AcknowledgementService } from '../incidents/acknowledgement.service';

const BY = 'email link';

function pageAlert(alert: ListedAlert): AckPageAlert {
  return {
    alertname: alert.labels.alertname ?? alert.ruleName,
    labels: alert.labels,
    state: alert.status === 'inactive' ? 'resolved' : alert.status,
    ...(alert.annotations.summary === undefined ? {} : { summary: alert.annotations.summary }),
  };
}

/**
 * `GET /ack/:token` shows the alert and a button; `POST /ack/:token` acknowledges it (source `email`). The token is
 * signed and expires (see `ack-link.ts`), so the link needs no API token. Bad or expired links get a page that
 * says so (400 or 410), never an acknowledgement.
 */
@Controller('ack')
export class AckLinkController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertRepository,
    private readonly acknowledgements: AcknowledgementService,
    private readonly clock: Clock,
  ) {}

  @Get(':token')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async confirm(
    @Param('token') token: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const found = await this.alertFor(token);
    if ('html' in found) {
      response.status(found.status);
      return found.html;
    }
    return ackConfirmPage(pageAlert(found.alert));
  }

  @Post(':token')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async acknowledge(
    @Param('token') token: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const found = await this.alertFor(token);
    if ('html' in found) {
      response.status(found.status);
      return found.html;
    }
    const acknowledged = await this.acknowledgements.acknowledgeAlert(found.alert.id, {
      atMs: this.clock.nowMs(),
      by: BY,
      source: 'email',
    });
    return ackDonePage(pageAlert(acknowledged ?? found.alert), BY);
  }

  /** The alert a token acknowledges, or the error page to show instead. */
  private async alertFor(token: string): Promise<{ alert: ListedAlert } | { status: number; html: string }> {
    const secret = this.config.LINK_SIGNING_SECRET;
    if (secret === undefined) {
      return {
        status: 404,
        html: ackErrorPage('Acknowledge links are not enabled on this forewarn (LINK_SIGNING_SECRET).'),
      };
    }
    const check = verifyAckToken(secret, token, this.clock.nowMs());
    if (!check.ok) {
      return check.reason === 'expired'
        ? {
            status: 410,
            html: ackErrorPage('The link has expired; acknowledge from Slack or the alert page.'),
          }
        : { status: 400, html: ackErrorPage('The link is not valid.') };
    }
    const alert = await this.alerts.find(check.alertId);
    return alert === undefined
      ? {
          status: 404,
          html: ackErrorPage('The alert no longer exists (it resolved more than 15 minutes ago).'),
        }
      : { alert };
  }
}
