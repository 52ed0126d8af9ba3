import { formatG } from './go-format';

/** The Prometheus `humanize*` template functions, with the same output. */

const BIG_PREFIXES = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

/** SI prefixes and 4 significant digits: 1234 => `1.234k`, 0.0005 => `500u`. */
export function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) {
    return formatG(value, 4);
  }
  const { scaled, prefix } = scaleSi(value);
  return `${formatG(scaled, 4)}${prefix}`;
}

/** A ratio as a percentage: 0.123 => `12.3%`. */
export function humanizePercentage(value: number): string {
  return `${formatG(value * 100, 4)}%`;
}

/** Seconds as days, hours, minutes and seconds: 3723 => `1h 2m 3s`, 0.25 => `250ms`. */
export function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    return formatG(seconds, 4);
  }
  if (seconds === 0) {
    return '0s';
  }
  if (Math.abs(seconds) < 1) {
    const { scaled, prefix } = scaleSi(seconds);
    return `${formatG(scaled, 4)}${prefix}s`;
  }
  const sign = seconds < 0 ? '-' : '';
  const whole = Math.trunc(Math.abs(seconds));
  const secs = whole % 60;
  const minutes = Math.trunc(whole / 60) % 60;
  const hours = Math.trunc(whole / 3600) % 24;
  const days = Math.trunc(whole / 86_400);
  if (days !== 0) {
    return `${sign}${days}d ${hours}h ${minutes}m ${secs}s`;
  }
  if (hours !== 0) {
    return `${sign}${hours}h ${minutes}m ${secs}s`;
  }
  if (minutes !== 0) {
    return `${sign}${minutes}m ${secs}s`;
  }
  return `${sign}${formatG(Math.abs(seconds), 4)}s`;
}

function scaleSi(value: number): { scaled: number; prefix: string } {
  let scaled = value;
  let prefix = '';
  if (Math.abs(scaled) >= 1) {
    for (const next of BIG_PREFIXES) {
      if (Math.abs(scaled) < 1000) {
        break;
      }
      prefix = next;
      scaled /= 1000;
    }
    return { scaled, prefix };
  }
  for (const next of SMALL_PREFIXES) {
    if (Math.abs(scaled) >= 1) {
      break;
    }
    prefix = next;
    scaled *= 1000;
  }
  return { scaled, prefix };
}
