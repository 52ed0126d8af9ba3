/**
 * The body of a webhook notification: Alertmanager's webhook message, version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config), built the way Alertmanager's
 * `notify/webhook/webhook.go` and `template.Data` build it, so receivers written for Alertmanager work unchanged.
 */
import { AlertNotification } from '../alerts/alert-notification';
import { Labels } from '../model';

/** Go's zero `time.Time`, which Alertmanager sends as the `endsAt` of an alert that is still firing. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export type WebhookStatus = 'firing' | 'resolved';

/** One alert of a notification group, as the pipeline hands it over. */
export interface WebhookAlertInput {
  readonly status: WebhookStatus;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAtMs: number;
  /** When the alert resolved. Not sent while it fires: Alertmanager never exposes an end that has not happened. */
  readonly endsAtMs?: number;
  readonly generatorURL: string;
}

export interface WebhookGroupInput {
  /** Name of the receiver, as written in `routing.yaml`. */
  readonly receiver: string;
  /** Identifies the notification group, e.g. `{}/{severity="critical"}:{alertname="ProbeFailure"}`. */
  readonly groupKey: string;
  readonly groupLabels: Labels;
  /** forewarn's own base URL, where a person can see the alerts. */
  readonly externalURL: string;
  readonly alerts: readonly WebhookAlertInput[];
}

export interface WebhookAlert {
  readonly status: WebhookStatus;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** RFC 3339 in UTC, with as many fractional digits as needed, as Go writes times. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
  /** Alertmanager's fingerprint of the labels: 16 hex digits. Receivers use it to tell alerts apart. */
  readonly fingerprint: string;
}

/** Keys are in the order Alertmanager writes them, and label maps have sorted keys, as Go's encoder writes maps. */
export interface WebhookPayload {
  readonly receiver: string;
  readonly status: WebhookStatus;
  readonly alerts: readonly WebhookAlert[];
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly externalURL: string;
  readonly version: '4';
  readonly groupKey: string;
  /** How many alerts `maxAlerts` left out. */
  readonly truncatedAlerts: number;
}

/** The fields of one alert as Alertmanager would have them; Prometheus sends the firing time as `startsAt`. */
export function webhookAlertOf(n: AlertNotification): WebhookAlertInput {
  return {
    status: n.state,
    labels: n.labels,
    annotations: n.annotations,
    startsAtMs: n.firedAtMs,
    ...(n.resolvedAtMs === undefined ? {} : { endsAtMs: n.resolvedAtMs }),
    generatorURL: n.alertUrl,
  };
}

/**
 * Builds the message for one notification group. Alerts are ordered as Alertmanager's dispatcher orders them
 * (`job`, then `instance`, then the whole label set). With `maxAlerts` > 0, only the first `maxAlerts` are sent and
 * `truncatedAlerts` counts the rest; as in Alertmanager, the status and the common labels then describe the alerts
 * that were sent.
 */
export function buildWebhookPayload(group: WebhookGroupInput, maxAlerts = 0): WebhookPayload {
  const ordered = [...group.alerts].sort(compareAlerts);
  const sent = maxAlerts > 0 ? ordered.slice(0, maxAlerts) : ordered;
  return {
    receiver: quoteMeta(group.receiver),
    status: sent.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    alerts: sent.map(webhookAlert),
    groupLabels: sortedKeys(group.groupLabels),
    commonLabels: common(sent.map((alert) => alert.labels)),
    commonAnnotations: common(sent.map((alert) => alert.annotations)),
    externalURL: group.externalURL,
    version: '4',
    groupKey: group.groupKey,
    truncatedAlerts: ordered.length - sent.length,
  };
}

/**
 * Alertmanager's label-set fingerprint (`model.LabelSet.Fingerprint` in prometheus/common): 64-bit FNV-1a over each
 * label name and value in name order, every string followed by the byte 0xff, printed as 16 hex digits.
 */
export function alertmanagerFingerprint(labels: Labels): string {
  const FNV_OFFSET = 0xcbf29ce484222325n;
  const FNV_PRIME = 0x100000001b3n;
  const SEPARATOR = 0xff;
  const MASK = 0xffffffffffffffffn;
  let hash = FNV_OFFSET;
  const add = (byte: number): void => {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort(compareUtf8)) {
    for (const text of [name, labels[name] ?? '']) {
      Buffer.from(text, 'utf8').forEach(add);
      add(SEPARATOR);
    }
  }
  return hash.toString(16).padStart(16, '0');
}

function webhookAlert(alert: WebhookAlertInput): WebhookAlert {
  const resolvedAt = alert.status === 'resolved' ? alert.endsAtMs : undefined;
  return {
    status: alert.status,
    labels: sortedKeys(alert.labels),
    annotations: sortedKeys(alert.annotations),
    startsAt: goTime(alert.startsAtMs),
    endsAt: resolvedAt === undefined ? GO_ZERO_TIME : goTime(resolvedAt),
    generatorURL: alert.generatorURL,
    fingerprint: alertmanagerFingerprint(alert.labels),
  };
}

/** Go's `time.RFC3339Nano` in UTC: `2023-02-06T13:08:45.828Z`, `2023-02-06T13:08:45.8Z`, `2023-02-06T13:08:45Z`. */
function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
}

/** Pairs present with the same value in every set; empty for no sets. */
function common(sets: readonly Labels[]): Labels {
  const [first, ...rest] = sets;
  if (first === undefined) {
    return {};
  }
  const entries = Object.entries(first).filter(([name, value]) => rest.every((set) => set[name] === value));
  return sortedKeys(Object.fromEntries(entries));
}

function sortedKeys(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareUtf8(a, b)));
}

/** Alertmanager's `AlertSlice.Less`: by `job`, then `instance` (alerts having one come first), then label set. */
function compareAlerts(a: WebhookAlertInput, b: WebhookAlertInput): number {
  for (const name of ['job', 'instance']) {
    const x = a.labels[name];
    const y = b.labels[name];
    if (x === undefined && y === undefined) {
      continue;
    }
    if (x === undefined) {
      return 1;
    }
    if (y === undefined) {
      return -1;
    }
    if (x !== y) {
      return compareUtf8(x, y);
    }
  }
  return compareLabelSets(a.labels, b.labels);
}

/** prometheus/common `LabelSet.Before`: fewer labels first, then the first differing pair in label-name order. */
function compareLabelSets(a: Labels, b: Labels): number {
  const aNames = Object.keys(a);
  const bNames = Object.keys(b);
  if (aNames.length !== bNames.length) {
    return aNames.length - bNames.length;
  }
  for (const name of [...new Set([...aNames, ...bNames])].sort(compareUtf8)) {
    const x = a[name];
    const y = b[name];
    if (x === undefined) {
      return -1;
    }
    if (y === undefined) {
      return 1;
    }
    if (x !== y) {
      return compareUtf8(x, y);
    }
  }
  return 0;
}

/** Go compares strings byte by byte; JavaScript compares UTF-16 units, which orders some characters differently. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Go's `regexp.QuoteMeta`, which Alertmanager applies to the receiver name (`web.hook` is sent as `web\.hook`). */
function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
