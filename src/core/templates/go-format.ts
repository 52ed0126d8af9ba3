/** Number formatting that matches Go's `fmt` verbs, so rendered annotations look like Prometheus's. */

/** How a template prints a bare number: JavaScript's shortest form, with Go's spelling of the infinities. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  return String(value);
}

/** Go's `%.<precision>g`: `precision` significant digits, trailing zeros dropped, exponent form when it is far from 1. */
export function formatG(value: number, precision: number): string {
  if (!Number.isFinite(value)) {
    return formatNumber(value);
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0' : '0';
  }
  const digits = Math.max(1, precision);
  const [mantissa = '', exponentText = '0'] = value.toExponential(digits - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= digits) {
    return `${stripZeros(mantissa)}e${goExponent(exponent)}`;
  }
  return stripZeros(value.toFixed(Math.max(0, digits - 1 - exponent)));
}

/**
 * Go's `%.<precision>e`: mantissa with `precision` decimals (shortest when undefined) and an exponent of at least
 * two digits, e.g. `1.50e+03`.
 */
export function formatE(value: number, precision?: number): string {
  if (!Number.isFinite(value)) {
    return formatNumber(value);
  }
  const [mantissa = '', exponentText = '0'] = value.toExponential(precision).split('e');
  return `${mantissa}e${goExponent(Number(exponentText))}`;
}

function goExponent(exponent: number): string {
  const sign = exponent < 0 ? '-' : '+';
  return `${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
