/** Prometheus duration strings (`1h30m`, `5m`, `250ms`, `2d`), as milliseconds. */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const DURATION_PATTERN = /^(?:(\d+)(ms|[smhdwy]))+$/;
const PART_PATTERN = /(\d+)(ms|[smhdwy])/g;

export class InvalidDurationError extends Error {
  constructor(readonly input: string) {
    super(`invalid duration "${input}": use units ms, s, m, h, d, w, y in descending order, e.g. 1h30m`);
    this.name = 'InvalidDurationError';
  }
}

export function parseDuration(input: string): number {
  if (!DURATION_PATTERN.test(input)) {
    throw new InvalidDurationError(input);
  }
  let total = 0;
  let lastUnitIndex = -1;
  for (const match of input.matchAll(PART_PATTERN)) {
    const [, amount, unit] = match;
    const unitIndex = UNIT_ORDER.indexOf(unit ?? '');
    if (unitIndex <= lastUnitIndex) {
      throw new InvalidDurationError(input);
    }
    lastUnitIndex = unitIndex;
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  }
  return total;
}

export function formatDuration(ms: number): string {
  if (ms === 0) {
    return '0s';
  }
  let rest = ms;
  let out = '';
  for (const unit of UNIT_ORDER) {
    const size = UNIT_MS[unit] ?? 1;
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return out;
}
