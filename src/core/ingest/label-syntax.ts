/** Character classes of Prometheus metric and label names, for hand-written scanners. */

const METRIC_START = 1;
const METRIC_CHAR = 2;
const LABEL_START = 4;
const LABEL_CHAR = 8;

const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
  const digit = c >= 48 && c <= 57;
  const colon = c === 58;
  CLASSES[c] =
    (letter || colon ? METRIC_START : 0) |
    (letter || colon || digit ? METRIC_CHAR : 0) |
    (letter ? LABEL_START : 0) |
    (letter || digit ? LABEL_CHAR : 0);
}

/** `c` is a UTF-16 code unit (NaN past the end of a string counts as no match). */
export function isMetricNameStart(c: number): boolean {
  return c < 128 && ((CLASSES[c] ?? 0) & METRIC_START) !== 0;
}

export function isMetricNameChar(c: number): boolean {
  return c < 128 && ((CLASSES[c] ?? 0) & METRIC_CHAR) !== 0;
}

export function isLabelNameStart(c: number): boolean {
  return c < 128 && ((CLASSES[c] ?? 0) & LABEL_START) !== 0;
}

export function isLabelNameChar(c: number): boolean {
  return c < 128 && ((CLASSES[c] ?? 0) & LABEL_CHAR) !== 0;
}

/** `[a-zA-Z_:][a-zA-Z0-9_:]*` */
export function isValidMetricName(name: string): boolean {
  if (!isMetricNameStart(name.charCodeAt(0))) {
    return false;
  }
  for (let i = 1; i < name.length; i++) {
    if (!isMetricNameChar(name.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

/** `[a-zA-Z_][a-zA-Z0-9_]*` (reserved `__` names included; see `isReservedLabelName`). */
export function isValidLabelName(name: string): boolean {
  if (!isLabelNameStart(name.charCodeAt(0))) {
    return false;
  }
  for (let i = 1; i < name.length; i++) {
    if (!isLabelNameChar(name.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

/** Names starting with `__` are for internal use (`__name__` is set from the metric name). */
export function isReservedLabelName(name: string): boolean {
  return name.charCodeAt(0) === 95 && name.charCodeAt(1) === 95;
}
