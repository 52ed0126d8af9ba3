import { burnRatePreset } from '../rules/burn-rate-presets';
import { formatDuration } from '../time/duration';
import { ImportedBurnRateWindow, ImportedGroupSource, ImportedSlo, ImportedSloSource } from './imported-slo';
import { labelsOf, percentObjective, sliFromQueries, sloNameOf } from './slo-fields';
import { YamlCursor } from './yaml-cursor';

/**
 * Sloth's `prometheus/v1` spec (slok/sloth `pkg/prometheus/api/v1`): one service, its labels and its SLOs. The
 * service becomes a rule group; each SLO a `kind: slo` rule over Sloth's default 30-day period with
 * `burn_rates: sloth`, Sloth's default page (critical) and ticket (warning) windows.
 */

export const SLOTH_VERSION = 'prometheus/v1';

/** Sloth's default SLO period, for which its alert windows (and forewarn's `sloth` preset) are defined. */
const SLOTH_PERIOD = '30d';
const SLOTH_PERIOD_MS = 30 * 86_400_000;

const SPEC_KEYS = ['version', 'service', 'labels', 'slos', 'slo_plugins'];
const SLO_KEYS = [
  'name',
  'objective',
  'description',
  'labels',
  'infoLabels',
  'sli',
  'alerting',
  'interval',
  'plugins',
];
const SLI_KEYS = ['events', 'raw', 'plugin'];
const ALERTING_KEYS = ['name', 'labels', 'annotations', 'page_alert', 'ticket_alert'];
const ALERT_KEYS = ['disable', 'labels', 'annotations'];

/** The alerts of an SLO: both kinds unless one is disabled. */
interface SlothAlerting {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly burnRates: 'sloth' | readonly ImportedBurnRateWindow[];
}

export function importSlothSpec(spec: YamlCursor): ImportedGroupSource[] {
  if (!spec.map(SPEC_KEYS)) {
    return [];
  }
  const service = spec.child('service').string({ required: true });
  const labels = labelsOf(spec.child('labels'));
  warnNotRun(spec.child('slo_plugins'));
  const slos = spec.child('slos');
  if (!slos.present) {
    slos.error('missing required key "slos"');
  }
  const rules: ImportedSloSource[] = [];
  for (const item of slos.items()) {
    const rule = importSlothSlo(item);
    if (rule !== undefined) {
      rules.push(rule);
    }
  }
  return service === undefined ? [] : [{ name: service, service, labels, rules }];
}

function importSlothSlo(item: YamlCursor): ImportedSloSource | undefined {
  if (!item.map(SLO_KEYS)) {
    return undefined;
  }
  const nameAt = item.child('name');
  const name = sloNameOf(nameAt);
  const objectiveAt = item.child('objective');
  const percent = objectiveAt.number({ required: true });
  const objective = percent === undefined ? undefined : percentObjective(objectiveAt, percent);
  const description = item.child('description').string();
  const labels = labelsOf(item.child('labels'));
  for (const key of ['infoLabels', 'interval'] as const) {
    if (item.child(key).present) {
      item.child(key).keyWarning(`"${key}" is not imported: it shapes Sloth's generated Prometheus rules`);
    }
  }
  warnNotRun(item.child('plugins'));
  const sli = slothSli(item.child('sli'));
  const alerting = slothAlerting(item.child('alerting'), name);
  if (name === undefined || objective === undefined || sli === undefined || alerting === undefined) {
    return undefined;
  }
  const ruleLabels = { ...labels, ...alerting.labels };
  const slo: ImportedSlo = {
    slo: name,
    kind: 'slo',
    objective,
    window: SLOTH_PERIOD,
    ...(description === undefined ? {} : { description }),
    sli,
    burn_rates: alerting.burnRates,
    ...(Object.keys(ruleLabels).length === 0 ? {} : { labels: ruleLabels }),
    ...(Object.keys(alerting.annotations).length === 0 ? {} : { annotations: alerting.annotations }),
  };
  return { slo, origin: nameAt.present ? nameAt : item };
}

function slothSli(at: YamlCursor) {
  if (!at.present) {
    at.error('missing required key "sli"');
    return undefined;
  }
  if (!at.map(SLI_KEYS)) {
    return undefined;
  }
  if (at.child('raw').present) {
    at.child('raw').keyError(
      'a raw error-ratio SLI cannot be imported: forewarn computes the ratio from event counters; write it as sli.events',
    );
    return undefined;
  }
  if (at.child('plugin').present) {
    at.child('plugin').keyError(
      "an SLI plugin cannot be imported: write the plugin's queries as sli.events (error_query and total_query)",
    );
    return undefined;
  }
  const events = at.child('events');
  if (!events.present) {
    at.error('missing required key "events"');
    return undefined;
  }
  if (!events.map(['error_query', 'total_query'])) {
    return undefined;
  }
  return sliFromQueries({ kind: 'bad', at: events.child('error_query') }, events.child('total_query'));
}

function slothAlerting(at: YamlCursor, sloName: string | undefined): SlothAlerting | undefined {
  const none: SlothAlerting = { labels: {}, annotations: {}, burnRates: 'sloth' };
  if (!at.present) {
    return none;
  }
  if (!at.map(ALERTING_KEYS)) {
    return undefined;
  }
  const alertName = at.child('name').string();
  if (alertName !== undefined && sloName !== undefined) {
    at.child('name').warning(
      `alert name "${alertName}" is not kept: forewarn names the alerts of an SLO after the SLO ("${sloName}"); update routes that match on alertname`,
    );
  }
  const page = slothAlert(at.child('page_alert'), 'critical');
  const ticket = slothAlert(at.child('ticket_alert'), 'warning');
  if (page === undefined || ticket === undefined) {
    return undefined;
  }
  if (!page.enabled && !ticket.enabled) {
    at.error(
      'both page_alert and ticket_alert are disabled; forewarn SLOs always alert on burn rates, so enable one of them or leave this SLO out',
    );
    return undefined;
  }
  return {
    labels: labelsOf(at.child('labels')),
    annotations: at.child('annotations').stringMap(),
    burnRates: page.enabled && ticket.enabled ? 'sloth' : slothWindows(page.enabled ? 'critical' : 'warning'),
  };
}

/** One of Sloth's two alerts: whether it is enabled. Its own labels and annotations are not imported. */
function slothAlert(at: YamlCursor, severity: 'critical' | 'warning'): { enabled: boolean } | undefined {
  if (!at.present) {
    return { enabled: true };
  }
  if (!at.map(ALERT_KEYS)) {
    return undefined;
  }
  const own = ['labels', 'annotations'].filter((key) => at.child(key).keys().length > 0);
  if (own.length > 0) {
    const kind = severity === 'critical' ? 'page' : 'ticket';
    at.keyWarning(
      `the ${own.join(' and ')} of ${kind}_alert are not imported: forewarn labels ${kind} alerts severity="${severity}"; route on that label`,
    );
  }
  return { enabled: at.child('disable').boolean() !== true };
}

/** Sloth's default windows of one severity (when the other alert is disabled), as an explicit list. */
function slothWindows(severity: 'critical' | 'warning'): ImportedBurnRateWindow[] {
  return burnRatePreset('sloth', SLOTH_PERIOD_MS)
    .filter((window) => window.severity === severity)
    .map((window) => ({
      severity,
      burn_rate: window.burnRate,
      long_window: formatDuration(window.longWindowMs),
      short_window: formatDuration(window.shortWindowMs),
    }));
}

function warnNotRun(plugins: YamlCursor): void {
  if (plugins.present) {
    plugins.keyWarning('SLO plugins are not imported: forewarn does not run Sloth plugins');
  }
}
