import { PromqlParseError } from './promql-parse-error';
import { unquoteString } from './promql-string-literal';

/** Punctuation and operators, longest first so `==` wins over `=`. */
const SYMBOLS = [
  '==',
  '!=',
  '=~',
  '!~',
  '>=',
  '<=',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '@',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '=',
  '>',
  '<',
] as const;

export type SymbolText = (typeof SYMBOLS)[number];

interface TokenRange {
  readonly start: number;
  readonly end: number;
  /** The token's text as written. */
  readonly text: string;
}

export interface IdentifierToken extends TokenRange {
  readonly kind: 'identifier';
}
export interface NumberToken extends TokenRange {
  readonly kind: 'number';
  readonly value: number;
}
export interface DurationToken extends TokenRange {
  readonly kind: 'duration';
}
export interface StringToken extends TokenRange {
  readonly kind: 'string';
  /** The unquoted, unescaped value. */
  readonly value: string;
}
export interface SymbolToken extends TokenRange {
  readonly kind: 'symbol';
  readonly text: SymbolText;
}
export interface EofToken extends TokenRange {
  readonly kind: 'eof';
}

export type Token = IdentifierToken | NumberToken | DurationToken | StringToken | SymbolToken | EofToken;

const IDENTIFIER = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const DURATION = /(?:\d+(?:ms|[smhdwy]))+/y;
const HEX_NUMBER = /0[xX][0-9a-fA-F]+/y;
const DECIMAL_NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD_CHAR = /[a-zA-Z0-9_.]/;
const WORD_RUN = /[a-zA-Z0-9_:.]*/y;
const SPACE = /\s/;

function matchAt(pattern: RegExp, input: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.exec(input)?.[0];
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/** Splits PromQL text into tokens, skipping whitespace and `#` comments. Always ends with an `eof` token. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < input.length) {
    const char = input.charAt(pos);
    if (SPACE.test(char)) {
      pos += 1;
      continue;
    }
    if (char === '#') {
      const newline = input.indexOf('\n', pos);
      pos = newline === -1 ? input.length : newline + 1;
      continue;
    }
    const token = readToken(input, pos);
    tokens.push(token);
    pos = token.end;
  }
  tokens.push({ kind: 'eof', start: input.length, end: input.length, text: '' });
  return tokens;
}

function readToken(input: string, pos: number): Token {
  const char = input.charAt(pos);
  if (char === '"' || char === "'" || char === '`') {
    const { value, end } = unquoteString(input, pos);
    return { kind: 'string', start: pos, end, text: input.slice(pos, end), value };
  }
  if (/\d/.test(char) || (char === '.' && /\d/.test(input.charAt(pos + 1)))) {
    return readNumberOrDuration(input, pos);
  }
  const identifier = matchAt(IDENTIFIER, input, pos);
  if (identifier !== undefined) {
    return { kind: 'identifier', start: pos, end: pos + identifier.length, text: identifier };
  }
  const symbol = SYMBOLS.find((candidate) => input.startsWith(candidate, pos));
  if (symbol !== undefined) {
    return { kind: 'symbol', start: pos, end: pos + symbol.length, text: symbol };
  }
  const shown = String.fromCodePoint(input.codePointAt(pos) ?? 0);
  throw new PromqlParseError(`unexpected character ${JSON.stringify(shown)} at ${pos}`, pos);
}

function readNumberOrDuration(input: string, pos: number): Token {
  const duration = matchAt(DURATION, input, pos);
  if (duration !== undefined && !isWordChar(input[pos + duration.length])) {
    return { kind: 'duration', start: pos, end: pos + duration.length, text: duration };
  }
  const text = matchAt(HEX_NUMBER, input, pos) ?? matchAt(DECIMAL_NUMBER, input, pos) ?? '';
  const end = pos + text.length;
  if (text === '' || isWordChar(input[end])) {
    const word = input.slice(pos, pos + (matchAt(WORD_RUN, input, pos) ?? '').length);
    throw new PromqlParseError(
      `bad number or duration ${JSON.stringify(word)} at ${pos}: durations look like 5m or 1h30m (units ms, s, m, h, d, w, y)`,
      pos,
    );
  }
  return { kind: 'number', start: pos, end, text, value: Number(text) };
}
