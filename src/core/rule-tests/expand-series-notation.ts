/**
 * promtool's expanding notation for `input_series[].values` (the series-description grammar of Prometheus's PromQL
 * parser): items separated by whitespace, each one of
 *
 * - `a`           one value: a number (`1`, `-2.5`, `1e3`, `1_000`), `Inf`, `-Inf`, `NaN` (case-insensitive)
 * - `a+bxn`       n+1 values a, a+b, …, a+n·b   (`a-bxn` steps down)
 * - `axn`         n+1 times a (`a+0xn`)
 * - `_`           one missing sample;  `_xn`: n missing samples (n, not n+1: a gap does not step)
 * - `stale`       a stale marker: the series is absent from then on until its next value
 *
 * Like promtool, `Infx3` and `NaNx3` are invalid (write `Inf+0x3`), and so are hexadecimal numbers. Two deliberate
 * differences, both reported as errors instead of guessed: integers with a leading zero (`010` is octal 8 in
 * promtool) and a `stale` that is repeated or incremented (promtool turns those into plain NaN values).
 */

export const MISSING = '_';
export const STALE = 'stale';

/** One sample slot: a value, a gap (`_`), or a stale marker. */
export type SeriesValue = number | typeof MISSING | typeof STALE;

export type ExpandedSeries =
  | { ok: true; values: SeriesValue[] }
  | { ok: false; message: string; /** 0-based offset into the text. */ offset: number };

const STALE_USAGE =
  'a stale marker cannot be repeated, incremented or signed; write "stale" once, the series stays absent until its next value';

/** Upper bound on the values of one series, so that `1x1000000000` is an error rather than an out-of-memory crash. */
export const MAX_SERIES_VALUES = 1_000_000;

class NotationError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Expands a `values:` string. Errors carry the offset of the offending token. */
export function expandSeriesNotation(text: string): ExpandedSeries {
  const values: SeriesValue[] = [];
  try {
    let index = 0;
    while (index < text.length) {
      if (isSpace(text[index])) {
        index += 1;
        continue;
      }
      let end = index;
      while (end < text.length && !isSpace(text[end])) {
        end += 1;
      }
      expandItem(text, index, end, values);
      index = end;
    }
  } catch (error) {
    if (error instanceof NotationError) {
      return { ok: false, message: error.message, offset: error.offset };
    }
    throw error;
  }
  return { ok: true, values };
}

/** A single number as the notation writes it (`1.5`, `-Inf`, `NaN`, `1e3`), or undefined when it is not one. */
export function parseSeriesNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  try {
    const scanner = new ItemScanner(trimmed, 0, trimmed.length);
    const value = scanner.signedNumber('value');
    return scanner.atEnd() ? value : undefined;
  } catch (error) {
    if (error instanceof NotationError) {
      return undefined;
    }
    throw error;
  }
}

function expandItem(text: string, start: number, end: number, out: SeriesValue[]): void {
  const scanner = new ItemScanner(text, start, end);
  if (text[start] === '_') {
    scanner.advance(1);
    if (scanner.atEnd()) {
      out.push(MISSING);
      return;
    }
    if (scanner.peek() !== 'x') {
      throw new NotationError(
        `unexpected ${quote(scanner.rest())} after "_"; write "_" for one missing sample or "_xN" for N of them`,
        scanner.position,
      );
    }
    scanner.advance(1);
    const count = scanner.repeatCount('_');
    scanner.expectEnd();
    pushRepeated(out, MISSING, count, start);
    return;
  }

  if (scanner.word() === STALE) {
    scanner.advance(STALE.length);
    if (!scanner.atEnd()) {
      throw new NotationError(STALE_USAGE, scanner.position);
    }
    out.push(STALE);
    return;
  }

  const first = scanner.signedNumber('value');
  if (scanner.atEnd()) {
    out.push(first);
    return;
  }
  let step = 0;
  const sign = scanner.peek();
  if (sign === '+' || sign === '-') {
    const signAt = scanner.position;
    scanner.advance(1);
    step = scanner.unsignedNumber(`"${sign}"`);
    if (sign === '-') {
      step = -step;
    }
    if (scanner.peek() !== 'x') {
      const written = text.slice(signAt, scanner.position);
      throw new NotationError(
        scanner.atEnd()
          ? `the step "${written}" needs a repeat count: write e.g. "${text.slice(start, scanner.position)}x10"`
          : `unexpected ${quote(scanner.rest())} after the step "${written}"; expected "x" and a repeat count`,
        scanner.atEnd() ? signAt : scanner.position,
      );
    }
  }
  if (scanner.peek() !== 'x') {
    throw new NotationError(
      `unexpected ${quote(scanner.rest())}; separate values with spaces, e.g. "1 2 3" or "1+1x2"`,
      scanner.position,
    );
  }
  scanner.advance(1);
  const count = scanner.repeatCount(text.slice(start, scanner.position - 1));
  scanner.expectEnd();
  if (out.length + count + 1 > MAX_SERIES_VALUES) {
    throw tooMany(start);
  }
  // Repeated addition, as promtool does it, so that values match promtool's to the last bit.
  let value = first;
  for (let index = 0; index <= count; index += 1) {
    out.push(value);
    value += step;
  }
}

function pushRepeated(out: SeriesValue[], value: SeriesValue, count: number, offset: number): void {
  if (out.length + count > MAX_SERIES_VALUES) {
    throw tooMany(offset);
  }
  for (let index = 0; index < count; index += 1) {
    out.push(value);
  }
}

function tooMany(offset: number): NotationError {
  return new NotationError(`a series can have at most ${MAX_SERIES_VALUES} values`, offset);
}

/** Decimal literals as Prometheus's lexer scans them: digits with `_` separators, a fraction, an exponent. */
const DIGITS = String.raw`\d(?:_?\d)*`;
const DECIMAL_PATTERN = new RegExp(
  String.raw`^(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`,
);
const INTEGER_PATTERN = /^\d+$/;
const WORD_PATTERN = /^[A-Za-z_][A-Za-z0-9_:]*/;

class ItemScanner {
  position: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.position = start;
  }

  atEnd(): boolean {
    return this.position >= this.end;
  }

  peek(): string | undefined {
    return this.atEnd() ? undefined : this.text[this.position];
  }

  advance(count: number): void {
    this.position += count;
  }

  rest(): string {
    return this.text.slice(this.position, this.end);
  }

  /** The identifier at the position (`stale`, `Inf`, `foo`), as Prometheus's lexer would read it. */
  word(): string | undefined {
    return WORD_PATTERN.exec(this.rest())?.[0];
  }

  expectEnd(): void {
    if (!this.atEnd()) {
      throw new NotationError(`unexpected ${quote(this.rest())} after the repeat count`, this.position);
    }
  }

  /** `[+-]` then a number, `Inf` or `NaN`. */
  signedNumber(what: string): number {
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      this.advance(1);
      const value = this.unsignedNumber(`"${sign}"`);
      return sign === '-' ? -value : value;
    }
    return this.unsignedNumber(what);
  }

  /** A number, `Inf` or `NaN`, without a sign. `after` names what came before, for messages. */
  unsignedNumber(after: string): number {
    const start = this.position;
    const word = this.word();
    if (word !== undefined) {
      this.advance(word.length);
      const lower = word.toLowerCase();
      if (lower === 'inf') {
        return Infinity;
      }
      if (lower === 'nan') {
        return NaN;
      }
      throw new NotationError(
        after === 'value'
          ? invalidWordMessage(word)
          : `expected a number after ${after}, found ${quote(word)}`,
        start,
      );
    }
    const char = this.peek();
    if (char === undefined || !(isDigit(char) || char === '.')) {
      const found = char === undefined ? 'nothing' : quote(this.rest());
      const expected = after === 'value' ? 'a value' : `a number after ${after}`;
      throw new NotationError(
        `expected ${expected}, found ${found}`,
        char === undefined && after !== 'value' ? start - 1 : start,
      );
    }
    let end = start;
    let exponent = false;
    while (end < this.end) {
      const c = this.text[end] ?? '';
      if (isDigit(c) || c === '.' || c === '_') {
        end += 1;
      } else if ((c === 'e' || c === 'E') && !exponent) {
        exponent = true;
        end += 1;
        if (this.text[end] === '+' || this.text[end] === '-') {
          end += 1;
        }
      } else {
        break;
      }
    }
    // A letter right after the digits belongs to the token (`1m`, `0x1f`), except the `x` of a repetition.
    let tokenEnd = end;
    const next = this.text[end];
    if (next !== undefined && next !== 'x' && /[A-Za-z]/.test(next)) {
      while (tokenEnd < this.end && /[A-Za-z0-9_]/.test(this.text[tokenEnd] ?? '')) {
        tokenEnd += 1;
      }
    }
    const token = this.text.slice(start, tokenEnd);
    if (tokenEnd !== end || !DECIMAL_PATTERN.test(token)) {
      throw new NotationError(`invalid number ${quote(token)}`, start);
    }
    if (/^0[\d_]/.test(token) && !/[.eE]/.test(token)) {
      throw new NotationError(
        `ambiguous number ${quote(token)}: promtool reads a leading 0 as octal; write it without the leading zeros`,
        start,
      );
    }
    this.position = end;
    return Number(token.replaceAll('_', ''));
  }

  /** The `n` of `xn`: a whole number in decimal digits. `of` is the item before the `x`, for messages. */
  repeatCount(of: string): number {
    const start = this.position;
    let end = start;
    while (end < this.end && /[A-Za-z0-9_.+-]/.test(this.text[end] ?? '')) {
      end += 1;
    }
    const token = this.text.slice(start, end);
    if (token === '') {
      throw new NotationError(`expected a repeat count after "${of}x", e.g. "${of}x10"`, start);
    }
    if (!INTEGER_PATTERN.test(token)) {
      throw new NotationError(`invalid repeat count ${quote(token)}: expected a whole number`, start);
    }
    const count = Number(token);
    if (count > MAX_SERIES_VALUES) {
      throw new NotationError(
        `repeat count ${token} is too large; a series can have at most ${MAX_SERIES_VALUES} values`,
        start,
      );
    }
    this.position = end;
    return count;
  }
}

function invalidWordMessage(word: string): string {
  if (/^stale($|x\d+$)/.test(word)) {
    return STALE_USAGE;
  }
  const repeated = /^(inf|nan)x\d+$/i.exec(word);
  if (repeated !== null) {
    const value = repeated[1] ?? '';
    return `invalid value ${quote(word)}: "x" does not follow ${value}; write "${value}+0${word.slice(value.length)}"`;
  }
  return `invalid value ${quote(word)}: expected a number, "Inf", "NaN", "stale" or "_"`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
