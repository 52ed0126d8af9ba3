/**
 * OpenTelemetry → Prometheus names, as the OTel "Prometheus and OpenMetrics compatibility" spec and the collector's
 * translator with full normalisation do it: `http.server.duration` with unit `ms` (a histogram) becomes
 * `http_server_duration_milliseconds`, a monotonic sum `requests` with unit `{request}` becomes `requests_total`, a
 * gauge with unit `1` gets `_ratio`.
 */

const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** Units after a `/`, singular: `By/s` → `bytes_per_second`. */
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

export type OtlpMetricKind = 'gauge' | 'counter' | 'histogram' | 'summary';

/** The Prometheus metric name of an OTLP metric (before `_bucket`, `_sum`, `_count` for histograms). */
export function prometheusMetricName(name: string, unit: string, kind: OtlpMetricKind): string {
  const words = words_(name);
  for (const word of unitWords(unit, kind)) {
    if (!words.includes(word)) {
      words.push(word);
    }
  }
  if (kind === 'counter') {
    if (words[words.length - 1] === 'total') {
      words.pop();
    }
    words.push('total');
  }
  const joined = words.join('_');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** A Prometheus label name for an OTLP attribute key: unsupported characters become `_`; `key_` before a digit. */
export function prometheusLabelName(key: string): string {
  const sanitized = key.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(sanitized)) {
    return `key_${sanitized}`;
  }
  return sanitized.startsWith('__') ? `key${sanitized}` : sanitized;
}

/** The name's words: unsupported characters as separators, no empty words. */
function words_(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
}

function unitWords(unit: string, kind: OtlpMetricKind): string[] {
  const bare = unit.replace(/\{[^}]*\}/g, '').trim();
  if (bare === '') {
    return [];
  }
  if (bare === '1') {
    return kind === 'gauge' ? ['ratio'] : [];
  }
  const [main = '', per] = bare.split('/', 2);
  const result = main === '' ? [] : words_(UNIT_WORDS[main] ?? main);
  if (per !== undefined && per !== '') {
    result.push('per', ...words_(PER_UNIT_WORDS[per] ?? UNIT_WORDS[per] ?? per));
  }
  return result;
}
