import { formatE, formatG, formatNumber } from './go-format';

/** A safe subset of Go's `printf`: verbs %v %s %q %d %f %e %g and %%, with flags `-+0`, width and precision. */

export type PrintfArg = number | string;

interface Verb {
  readonly verb: string;
  readonly flags: string;
  readonly width: number | undefined;
  readonly precision: number | undefined;
}

export type PrintfFormat = readonly (string | Verb)[];

export type ParsedFormat =
  { ok: true; format: PrintfFormat; verbCount: number } | { ok: false; offset: number; message: string };

const VERB_PATTERN = /%([-+0 #]*)(\d+)?(?:\.(\d+))?(.?)/y;
const SUPPORTED_VERBS = 'vsqdfeg';

export function parsePrintfFormat(format: string): ParsedFormat {
  const pieces: (string | Verb)[] = [];
  let verbCount = 0;
  let text = '';
  let index = 0;
  while (index < format.length) {
    const char = format[index] ?? '';
    if (char !== '%') {
      text += char;
      index += 1;
      continue;
    }
    if (format[index + 1] === '%') {
      text += '%';
      index += 2;
      continue;
    }
    VERB_PATTERN.lastIndex = index;
    const match = VERB_PATTERN.exec(format);
    const [whole = '', flags = '', width, precision, verb = ''] = match ?? [];
    if (verb === '' || !SUPPORTED_VERBS.includes(verb)) {
      const shown = verb === '' ? whole : `%${verb}`;
      return {
        ok: false,
        offset: index,
        message: `printf: unsupported verb "${shown}"; use %v %s %q %d %f %e %g`,
      };
    }
    if (text !== '') {
      pieces.push(text);
      text = '';
    }
    pieces.push({
      verb,
      flags,
      width: width === undefined ? undefined : Number(width),
      precision: precision === undefined ? undefined : Number(precision),
    });
    verbCount += 1;
    index += whole.length;
  }
  if (text !== '') {
    pieces.push(text);
  }
  return { ok: true, format: pieces, verbCount };
}

export function printf(format: PrintfFormat, args: readonly PrintfArg[]): string {
  let argIndex = 0;
  let out = '';
  for (const piece of format) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const arg = args[argIndex];
    argIndex += 1;
    out += arg === undefined ? `%!${piece.verb}(MISSING)` : pad(piece, formatVerb(piece, arg));
  }
  return out;
}

function formatVerb(verb: Verb, arg: PrintfArg): string {
  switch (verb.verb) {
    case 's':
    case 'v':
      return typeof arg === 'string' ? arg : formatNumber(arg);
    case 'q':
      return JSON.stringify(typeof arg === 'string' ? arg : formatNumber(arg));
    case 'd':
      return withSign(verb, formatInteger(toNumber(arg)));
    case 'f':
      return withSign(
        verb,
        finite(toNumber(arg), (n) => n.toFixed(verb.precision ?? 6)),
      );
    case 'e':
      return withSign(verb, formatE(toNumber(arg), verb.precision ?? 6));
    default:
      return withSign(verb, formatGVerb(toNumber(arg), verb.precision));
  }
}

function formatGVerb(value: number, precision: number | undefined): string {
  if (precision !== undefined) {
    return formatG(value, precision === 0 ? 1 : precision);
  }
  // Go's shortest %g switches to exponent form from 1e21 (and below 1e-4), which matches JavaScript from 1e21.
  const abs = Math.abs(value);
  return abs !== 0 && abs < 1e-4 ? formatE(value) : formatNumber(value);
}

function formatInteger(value: number): string {
  return finite(value, (n) => Math.trunc(n).toFixed(0));
}

function finite(value: number, format: (n: number) => string): string {
  return Number.isFinite(value) ? format(value) : formatNumber(value);
}

function toNumber(arg: PrintfArg): number {
  return typeof arg === 'number' ? arg : Number(arg.trim() === '' ? Number.NaN : arg);
}

function withSign(verb: Verb, text: string): string {
  return verb.flags.includes('+') && !text.startsWith('-') && !text.startsWith('+') ? `+${text}` : text;
}

function pad(verb: Verb, text: string): string {
  const width = verb.width ?? 0;
  if (text.length >= width) {
    return text;
  }
  if (verb.flags.includes('-')) {
    return text.padEnd(width, ' ');
  }
  if (verb.flags.includes('0') && verb.verb !== 's' && verb.verb !== 'q' && /^[+-]?\d/.test(text)) {
    const sign = /^[+-]/.test(text) ? text.charAt(0) : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width, ' ');
}
