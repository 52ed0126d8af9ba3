/** Facts about an alert shared by the Slack and email renderings, formatted for people. No escaping here. */
import { AlertNotification } from '../alerts/alert-notification';

const ELAPSED_UNITS: ReadonlyArray<readonly [unit: string, ms: number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** Labels already shown elsewhere in a notification (title, severity field). */
const LABELS_SHOWN_ELSEWHERE = new Set(['alertname', 'severity']);

/**
 * A sample value with up to 4 significant digits: `0.82`, `0.8235`, `12350`, `1.074e+9`.
 * Very large or very small magnitudes use exponent notation; non-finite values print like Prometheus.
 */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  if (value === 0) {
    return '0';
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) {
    const [mantissa = '', exponent = ''] = value.toExponential(3).split('e');
    return `${stripTrailingZeros(mantissa)}e${exponent}`;
  }
  return String(Number(value.toPrecision(4)));
}

function stripTrailingZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}

/** An elapsed time for people: the two largest non-zero units, e.g. `4m 30s`, `2h 5m`, `1d 3h`, `45s`. */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    return 'unknown';
  }
  if (ms < 1_000) {
    return `${Math.round(ms)}ms`;
  }
  let rest = Math.floor(ms / 1_000) * 1_000;
  const parts: string[] = [];
  let unitsShown = 0;
  for (const [unit, size] of ELAPSED_UNITS) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (unitsShown === 0 && amount === 0) {
      continue;
    }
    unitsShown += 1;
    if (amount > 0) {
      parts.push(`${amount}${unit}`);
    }
    if (unitsShown === 2) {
      break;
    }
  }
  return parts.join(' ');
}

/** An instant as ISO 8601 UTC without zero milliseconds: `2023-11-14T22:13:20Z`. */
export function formatInstant(ms: number): string {
  if (!Number.isFinite(ms)) {
    return 'unknown';
  }
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function alertNameOf(n: AlertNotification): string {
  return n.labels['alertname'] || n.ruleName;
}

export function serviceOf(n: AlertNotification): string | undefined {
  return n.labels['service'] || undefined;
}

export function severityOf(n: AlertNotification): string | undefined {
  return n.labels['severity'] || undefined;
}

/** `CheckoutLatencyHigh service=checkout`, or just the alert name when there is no service label. */
export function alertTitle(n: AlertNotification): string {
  const service = serviceOf(n);
  return service === undefined ? alertNameOf(n) : `${alertNameOf(n)} service=${service}`;
}

/** `group/rule (file)`. */
export function ruleReference(n: AlertNotification): string {
  return `${n.groupName}/${n.ruleName} (${n.ruleFile})`;
}

/** While firing, the value against the threshold (`0.82 > 0.5`); the value alone when the rule has no threshold. */
export function valueVersusThreshold(n: AlertNotification): string {
  const value = formatValue(n.value);
  if (n.band !== undefined) {
    return `${value} (expected ${formatValue(n.band.expected)}, band ${formatValue(n.band.lower)} to ${formatValue(n.band.upper)})`;
  }
  return n.threshold === undefined ? value : `${value} ${n.threshold.op} ${formatValue(n.threshold.value)}`;
}

/** After resolving, the last value with the condition it no longer meets: `0.31 (alerts when > 0.5)`. */
export function lastValueWithCondition(n: AlertNotification): string {
  const value = formatValue(n.value);
  return n.threshold === undefined
    ? value
    : `${value} (alerts when ${n.threshold.op} ${formatValue(n.threshold.value)})`;
}

/** How long the alert fired, when it has resolved. */
export function firingDurationMs(n: AlertNotification): number | undefined {
  return n.resolvedAtMs === undefined ? undefined : Math.max(0, n.resolvedAtMs - n.firedAtMs);
}

/** Labels to list in a notification, sorted by name, without empty values and those shown elsewhere. */
export function displayedLabels(n: AlertNotification): Array<readonly [name: string, value: string]> {
  return Object.keys(n.labels)
    .sort()
    .filter((name) => !LABELS_SHOWN_ELSEWHERE.has(name))
    .flatMap((name) => {
      const value = n.labels[name];
      return value === undefined || value === '' ? [] : [[name, value] as const];
    });
}

/** Whether a user-supplied URL may become a clickable link (http and https only; no `javascript:` and friends). */
export function isLinkableUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/[^\s]+$/i.test(url);
}

/** Cuts `text` to at most `max` characters, ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * For SLO alerts, the error budget left and when it runs out: `12.5% left (5.4 min); exhausted around
 * 2026-11-26T18:00:00Z at the current trend`. Undefined for other alerts.
 */
export function sloBudgetLine(n: AlertNotification): string | undefined {
  const slo = n.slo;
  if (slo === undefined) {
    return undefined;
  }
  const parts: string[] = [];
  if (slo.budgetRemainingRatio !== undefined) {
    const minutes =
      slo.budgetRemainingMinutes === undefined ? '' : ` (${slo.budgetRemainingMinutes.toFixed(1)} min)`;
    parts.push(`${(slo.budgetRemainingRatio * 100).toFixed(1)}% left${minutes} of the ${slo.objective}% SLO`);
  } else {
    parts.push(`budget of the ${slo.objective}% SLO unknown`);
  }
  if (slo.exhaustionAtMs !== undefined) {
    parts.push(`exhausted around ${formatInstant(slo.exhaustionAtMs)} at the current trend`);
  }
  return parts.join('; ');
}

/** `v1.4.2 (abc1234) by ana, 12m before onset: Roll out new cart` per change; empty without context. */
export function changeLines(n: AlertNotification): string[] {
  return (n.context?.changes ?? []).map((change) => {
    const what = [change.version, change.commit === undefined ? undefined : `(${change.commit.slice(0, 12)})`]
      .filter((part) => part !== undefined)
      .join(' ');
    const before = n.firedAtMs - change.atMs;
    const when =
      before >= 0 ? `${formatElapsed(before)} before onset` : `${formatElapsed(-before)} after onset`;
    return [
      what === '' ? 'change' : what,
      change.author === undefined ? '' : ` by ${change.author}`,
      `, ${when}`,
      change.description === undefined ? '' : `: ${change.description}`,
    ].join('');
  });
}

/** `CheckoutErrors (critical): 5% of requests fail` per other alert firing for the same service. */
export function relatedAlertLines(n: AlertNotification): string[] {
  return (n.context?.relatedAlerts ?? []).map(
    (alert) =>
      `${alert.alertname}${alert.severity === undefined ? '' : ` (${alert.severity})`}` +
      (alert.summary === undefined ? '' : `: ${alert.summary}`),
  );
}
