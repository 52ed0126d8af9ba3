import { PromqlParseError } from './promql-parse-error';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Reads the string literal that starts at `start` (a `"`, `'` or backtick) with Go/PromQL escape rules:
 * quoted strings understand `\a \b \f \n \r \t \v \\`, the own quote, octal `\nnn`, `\xnn`, `\unnnn`, `\Unnnnnnnn`;
 * backtick strings are raw. Returns the value and the offset just past the closing quote.
 */
export function unquoteString(input: string, start: number): { value: string; end: number } {
  const quote = input.charAt(start);
  if (quote === '`') {
    const close = input.indexOf('`', start + 1);
    if (close === -1) {
      throw new PromqlParseError(`unterminated raw string starting at ${start}`, start);
    }
    return { value: input.slice(start + 1, close), end: close + 1 };
  }
  let value = '';
  let pos = start + 1;
  for (;;) {
    const char = input.charAt(pos);
    if (pos >= input.length || char === '\n') {
      throw new PromqlParseError(`unterminated quoted string starting at ${start}`, start);
    }
    if (char === quote) {
      return { value, end: pos + 1 };
    }
    if (char !== '\\') {
      value += char;
      pos += 1;
      continue;
    }
    const escape = readEscape(input, pos, quote);
    value += escape.text;
    pos = escape.end;
  }
}

function readEscape(input: string, backslash: number, quote: string): { text: string; end: number } {
  const kind = input.charAt(backslash + 1);
  const simple = kind === quote ? quote : SIMPLE_ESCAPES[kind];
  if (simple !== undefined) {
    return { text: simple, end: backslash + 2 };
  }
  const hexLength = HEX_ESCAPE_LENGTH[kind];
  if (hexLength !== undefined) {
    const digits = input.slice(backslash + 2, backslash + 2 + hexLength);
    const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === hexLength ? parseInt(digits, 16) : NaN;
    if (Number.isNaN(code) || code > 0x10ffff) {
      throw invalidEscape(input, backslash, hexLength + 2);
    }
    return { text: String.fromCodePoint(code), end: backslash + 2 + hexLength };
  }
  if (/[0-7]/.test(kind)) {
    const digits = input.slice(backslash + 1, backslash + 4);
    const code = /^[0-7]{3}$/.test(digits) ? parseInt(digits, 8) : NaN;
    if (Number.isNaN(code) || code > 255) {
      throw invalidEscape(input, backslash, 4);
    }
    return { text: String.fromCharCode(code), end: backslash + 4 };
  }
  throw invalidEscape(input, backslash, 2);
}

function invalidEscape(input: string, backslash: number, length: number): PromqlParseError {
  const shown = input.slice(backslash, backslash + length);
  return new PromqlParseError(`invalid escape sequence ${JSON.stringify(shown)} at ${backslash}`, backslash);
}

/** Quotes a label value so that `unquoteString` reads it back unchanged. */
export function quoteString(value: string): string {
  return JSON.stringify(value);
}
