import { Labels } from 'src/core/model';
import { IncidentRepository } from '../incidents/incident.repository';
import { AcknowledgementService } from '../incidents/acknowledgement.service';
import { Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import { Request } from 'express';
import { AppConfig } from 'src/config/app-config';
import { NotFoundError, UnauthorizedError } from 'src/core/errors';
import { SlackInteraction, parseSlackInteraction } from 'src/core/slack/parse-slack-interaction';
import { verifySlackSignature } from 'src/core/slack/verify-slack-signature';
import { silenceForAlert } from 'src/core/silences/silence-request';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { isUuid } from 'src/infra/http/is-uuid';
import { readBody } from 'src/infra/http/read-body';
import { AlertRepository } from '../alerts/alert.repository';
import { SilenceService } from '../silences/silence.service';

const MAX_BODY_BYTES = 256 * 1024;
const SILENCE_MS = 3_600_000;

/**
 * `POST /slack/interactions`: the buttons of forewarn's Slack messages. Every request must carry Slack's v0 signature
 * over the raw body, made within the last 5 minutes (older ones are replays): otherwise 401 and nothing happens.
 * Acknowledge records the Slack user on the alert; Silence 1h creates a silence matching exactly that alert, in the
 * user's name; Open is a link and needs nothing.
 */
@Controller('slack')
export class SlackInteractionsController {
  private readonly logger = new Logger(SlackInteractionsController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly alerts: AlertRepository,
    private readonly incidents: IncidentRepository,
    private readonly acknowledgements: AcknowledgementService,
    private readonly silences: SilenceService,
  ) {}

  @Post('interactions')
  @HttpCode(200)
  async interact(@Req() request: Request): Promise<{ ok: true; text?: string }> {
    const secret = this.config.SLACK_SIGNING_SECRET;
    if (secret === undefined) {
      throw new NotFoundError('Slack interactivity is not configured: set SLACK_SIGNING_SECRET');
    }
    const rawBody = await readBody(request, MAX_BODY_BYTES, 'Slack interaction body limit');
    const nowMs = this.clock.nowMs();
    const check = verifySlackSignature(
      secret,
      {
        timestamp: header(request, 'x-slack-request-timestamp'),
        signature: header(request, 'x-slack-signature'),
        rawBody,
      },
      nowMs,
    );
    if (!check.ok) {
      this.logger.warn(`refused a Slack interaction: ${check.reason}`);
      throw new UnauthorizedError(`Slack request refused: ${check.reason}`);
    }
    const interaction = parseSlackInteraction(rawBody.toString('utf8'));
    return { ok: true, ...(await this.act(interaction, nowMs)) };
  }

  /** A button's value is an incident id (messages of incidents) or an alert id (older messages). */
  private async act(interaction: SlackInteraction, nowMs: number): Promise<{ text?: string }> {
    const who = `slack:${interaction.user.name} (${interaction.user.id})`;
    if (interaction.actionId === 'open') {
      return {};
    }
    const id = interaction.value;
    const incident = isUuid(id) ? await this.incidents.detail(id) : undefined;
    const alert = incident === undefined && isUuid(id) ? await this.alerts.find(id) : undefined;
    if (incident === undefined && alert === undefined) {
      throw new NotFoundError(`no incident or alert with id "${id}"`);
    }
    if (interaction.actionId === 'ack') {
      const ack = { atMs: nowMs, by: who, source: 'slack' as const };
      if (incident !== undefined) {
        await this.acknowledgements.acknowledgeIncident(id, ack);
      } else {
        await this.acknowledgements.acknowledgeAlert(id, ack);
      }
      this.logger.log(`${incident === undefined ? 'alert' : 'incident'} ${id} acknowledged by ${who}`);
      return { text: `Acknowledged by ${interaction.user.name}` };
    }
    const labels = incident === undefined ? alert?.labels : silenceLabels(incident);
    const what = incident === undefined ? (alert?.ruleName ?? id) : incident.incident.title;
    const silence = await this.silences.create(
      silenceForAlert(labels ?? {}, nowMs, SILENCE_MS, who, `Silence 1h pressed in Slack on ${what}`),
      { name: who, source: 'slack' },
      nowMs,
    );
    this.logger.log(`${what} silenced for 1h by ${who} (silence ${silence.id})`);
    return { text: `Silenced for 1h by ${interaction.user.name}` };
  }
}

/**
 * What Silence 1h on an incident silences: its group labels, so later alerts of the same group stay quiet too; the
 * first alert's labels when the group has none (a silence must not match everything).
 */
function silenceLabels(detail: {
  incident: { groupLabels: Labels };
  alerts: ReadonlyArray<{ labels: Labels }>;
}): Labels {
  return Object.keys(detail.incident.groupLabels).length > 0
    ? detail.incident.groupLabels
    : (detail.alerts[0]?.labels ?? {});
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
