import { Labels } from '../model';

/** What else a person needs at hand: changes of the service just before the alert began, and its other alerts. */
export type LinkedContext = {
  /** Deploys and changes of the alert's service in the 2 hours before it began, newest first. */
  readonly changes: ReadonlyArray<{
    readonly atMs: number;
    readonly version?: string;
    readonly commit?: string;
    readonly url?: string;
    readonly author?: string;
    readonly description?: string;
  }>;
  /** Other alerts firing for the same service. */
  readonly relatedAlerts: ReadonlyArray<{
    readonly alertname: string;
    readonly severity?: string;
    readonly summary?: string;
    readonly alertUrl: string;
  }>;
};

/** The error budget of the SLO an alert belongs to, when it belongs to one. */
export type SloContext = {
  readonly name: string;
  /** Objective in percent, e.g. 99.9. */
  readonly objective: number;
  readonly budgetRemainingRatio?: number;
  readonly budgetRemainingMinutes?: number;
  /** When the budget runs out at the current trend, if it is decreasing. */
  readonly exhaustionAtMs?: number;
};

/** Everything a notifier needs to tell a person about one alert's state change. Built by the worker, rendered by the core. */
export interface AlertNotification {
  /** Stable id of the alert (database id), used in message ids and links. */
  readonly alertId: string;
  /** The incident the message is about, when sent for one: the buttons act on the incident. */
  readonly incidentId?: string;
  readonly state: 'firing' | 'resolved';
  readonly ruleName: string;
  readonly groupName: string;
  /** Rule file the rule came from, relative to the rules folder, e.g. `checkout.yaml`. */
  readonly ruleFile: string;
  /** The rule's expression as written, e.g. `avg by (service) (...) > 0.5`. */
  readonly expr: string;
  /** Alert labels: series labels + rule labels + `alertname`. `severity`, `service`, `team` live here. */
  readonly labels: Labels;
  /** Rendered annotations; `summary` and `description` are shown when present. */
  readonly annotations: Labels;
  /** Value of the expression's left-hand side when the alert last evaluated. */
  readonly value: number;
  /** Scalar right-hand side of the comparison, with its operator, when the rule has one (e.g. `> 0.5`). */
  readonly threshold?: { readonly op: string; readonly value: number };
  readonly activeAtMs: number;
  readonly firedAtMs: number;
  readonly resolvedAtMs?: number;
  readonly runbookUrl?: string;
  readonly dashboardUrl?: string;
  /** The detector's expected value and band, for anomaly alerts. */
  readonly band?: { readonly expected: number; readonly lower: number; readonly upper: number };
  /** The watched value over the hours before the notification, for the chart in emails (firing notifications). */
  readonly chart?: { readonly points: ReadonlyArray<readonly [tsMs: number, value: number]> };
  /** Changes before onset and related alerts (firing notifications). */
  readonly context?: LinkedContext;
  /** Budget and forecast of the SLO, for SLO alerts. */
  readonly slo?: SloContext;
  /** Signed, expiring link that acknowledges the alert (email); absent when no LINK_SIGNING_SECRET is set. */
  readonly ackUrl?: string;
  /** Link to forewarn's page for this alert (chart of the series, timeline). */
  readonly alertUrl: string;
}
