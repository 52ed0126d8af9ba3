import { Injectable, Logger } from '@nestjs/common';
import { AlertRepository, ListedAlert } from '../alerts/alert.repository';
import { IncidentAckSource, IncidentRepository, StoredIncident } from './incident.repository';

export interface Acknowledger {
  readonly by: string;
  readonly source: IncidentAckSource;
  readonly atMs: number;
}

/**
 * Acknowledging an incident acknowledges its alerts; acknowledging an alert (a Slack button or mail link of one
 * alert) acknowledges the open incidents it is in. MTTA is measured on incidents, so both paths reach them.
 */
@Injectable()
export class AcknowledgementService {
  private readonly logger = new Logger(AcknowledgementService.name);

  constructor(
    private readonly incidents: IncidentRepository,
    private readonly alerts: AlertRepository,
  ) {}

  async acknowledgeIncident(id: string, who: Acknowledger): Promise<StoredIncident | undefined> {
    const incident = await this.incidents.acknowledge(id, who);
    if (incident === undefined) {
      return undefined;
    }
    for (const alertId of await this.incidents.alertIds(id)) {
      await this.alerts.acknowledge(alertId, { atMs: who.atMs, by: who.by, source: alertSource(who.source) });
    }
    this.logger.log(`incident ${id} (${incident.title}) acknowledged by ${who.by} via ${who.source}`);
    return incident;
  }

  async acknowledgeAlert(id: string, who: Acknowledger): Promise<ListedAlert | undefined> {
    const alert = await this.alerts.acknowledge(id, {
      atMs: who.atMs,
      by: who.by,
      source: alertSource(who.source),
    });
    if (alert === undefined) {
      return undefined;
    }
    for (const incident of await this.incidents.openForAlert(id)) {
      await this.incidents.acknowledge(incident.id, who);
    }
    return alert;
  }
}

function alertSource(source: IncidentAckSource): 'slack' | 'email' | 'api' {
  return source === 'page' ? 'api' : source;
}
