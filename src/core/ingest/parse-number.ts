/**
 * Sample values of the Prometheus formats, scanned in place (no substring unless a slow path needs one).
 */

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

/** Exact powers of ten: m * 10^e and m / 10^e are correctly rounded for m < 2^53 and e <= 22. */
const POW10 = Array.from({ length: 23 }, (_, e) => Number(`1e${e}`));
/** 15 decimal digits always fit below 2^53. */
const MAX_FAST_DIGITS = 15;

/**
 * A sample value as Go's `strconv.ParseFloat` reads it in the text format: decimal floats with optional sign,
 * fraction and exponent (`1`, `-2.5`, `.5`, `1e3`, `1.5E-7`), `NaN`, `Inf`, `+Inf`, `-Inf`, `Infinity`
 * (case-insensitive). No hex, no underscores, no surrounding blanks.
 */
export function parseSampleValue(text: string, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (i < end && (c === PLUS || c === MINUS)) {
    negative = c === MINUS;
    c = text.charCodeAt(++i);
  }
  if (i >= end || (!(c >= ZERO && c <= NINE) && c !== DOT)) {
    return parseSpecial(text, start, i, end);
  }

  let mantissa = 0;
  let digits = 0; // significant digits seen (leading zeros excluded)
  let dropped = false; // more digits than MAX_FAST_DIGITS
  let scale = 0; // power of ten to apply to the mantissa
  let anyDigit = false;
  for (; i < end; c = text.charCodeAt(++i)) {
    if (c < ZERO || c > NINE) {
      break;
    }
    anyDigit = true;
    if (digits < MAX_FAST_DIGITS) {
      mantissa = mantissa * 10 + (c - ZERO);
      if (mantissa !== 0) {
        digits++;
      }
    } else {
      dropped = true;
      scale++;
    }
  }
  if (i < end && c === DOT) {
    for (c = text.charCodeAt(++i); i < end; c = text.charCodeAt(++i)) {
      if (c < ZERO || c > NINE) {
        break;
      }
      anyDigit = true;
      if (digits < MAX_FAST_DIGITS) {
        mantissa = mantissa * 10 + (c - ZERO);
        if (mantissa !== 0) {
          digits++;
        }
        scale--;
      } else {
        dropped = true;
      }
    }
  }
  if (!anyDigit) {
    return undefined;
  }
  if (i < end && (c === LOWER_E || c === UPPER_E)) {
    c = text.charCodeAt(++i);
    let expNegative = false;
    if (i < end && (c === PLUS || c === MINUS)) {
      expNegative = c === MINUS;
      c = text.charCodeAt(++i);
    }
    let exponent = 0;
    const expStart = i;
    for (; i < end; c = text.charCodeAt(++i)) {
      if (c < ZERO || c > NINE) {
        break;
      }
      if (exponent < 100_000) {
        exponent = exponent * 10 + (c - ZERO);
      }
    }
    if (i === expStart) {
      return undefined;
    }
    scale += expNegative ? -exponent : exponent;
  }
  if (i !== end) {
    return undefined;
  }
  if (dropped || scale > 22 || scale < -22) {
    // Rare: long mantissas or big exponents. The token is validated, so Number() reads exactly this grammar.
    return Number(text.slice(start, end));
  }
  const value = scale < 0 ? mantissa / (POW10[-scale] ?? 1) : mantissa * (POW10[scale] ?? 1);
  return negative ? -value : value;
}

/** Where `readSampleValueToken` put the index after the token it read. */
export interface ValueTokenEnd {
  valueEnd: number;
}

/** Digits of a plain decimal read in small-integer arithmetic by `readSampleValueToken`'s fast path. */
const FAST_TOKEN_DIGITS = 9;
const SPACE = 32;
const TAB = 9;

/**
 * Reads the value token of a text-format line: from `start` (not blank) up to the next space or tab, or `end`.
 * Returns what `parseSampleValue` returns for that token and sets `out.valueEnd` to the index after it.
 * Plain decimals of up to 9 digits (`42`, `-3`, `0.25`: most values) are read in one pass with small integers.
 */
export function readSampleValueToken(
  text: string,
  start: number,
  end: number,
  out: ValueTokenEnd,
): number | undefined {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === MINUS;
  if (negative) {
    c = text.charCodeAt(++i);
  }
  let mantissa = 0;
  let digits = 0;
  let dotAt = -1; // digits before the "." if there is one
  for (; i < end; c = text.charCodeAt(++i)) {
    if (c >= ZERO && c <= NINE) {
      if (++digits > FAST_TOKEN_DIGITS) {
        break;
      }
      mantissa = mantissa * 10 + (c - ZERO);
    } else if (c === DOT && dotAt < 0) {
      dotAt = digits;
    } else {
      break;
    }
  }
  if (i === end || c === SPACE || c === TAB) {
    if (digits > 0 && digits <= FAST_TOKEN_DIGITS) {
      out.valueEnd = i;
      // Exact, like parseSampleValue: an integer below 2^53 divided by an exact power of ten.
      const value = dotAt < 0 ? mantissa : mantissa / (POW10[digits - dotAt] ?? 1);
      return negative ? -value : value;
    }
  }
  while (i < end && c !== SPACE && c !== TAB) {
    c = text.charCodeAt(++i);
  }
  out.valueEnd = i;
  return parseSampleValue(text, start, i);
}

/** `[+-]?(inf|infinity)` and `nan`, case-insensitive; `signEnd` is the index after an optional sign. */
function parseSpecial(text: string, start: number, signEnd: number, end: number): number | undefined {
  const word = text.slice(signEnd, end).toLowerCase();
  if (word === 'inf' || word === 'infinity') {
    return text.charCodeAt(start) === MINUS ? -Infinity : Infinity;
  }
  if (word === 'nan' && signEnd === start) {
    return NaN;
  }
  return undefined;
}
