const UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** A duration in seconds for people: its two largest units (`3d 12h`, `7m 30s`, `45s`); `–` for none. */
export function humanDuration(seconds: number | null): string {
  if (seconds === null) {
    return '–';
  }
  let rest = Math.round(seconds);
  if (rest === 0) {
    return '0s';
  }
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const amount = Math.floor(rest / size);
    if (amount > 0 || parts.length > 0) {
      parts.push(`${amount}${unit}`);
      rest -= amount * size;
    }
    if (parts.length === 2) {
      break;
    }
  }
  return parts.filter((part) => !part.startsWith('0')).join(' ');
}
