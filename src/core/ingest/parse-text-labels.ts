import { quote } from './ingest-limits';
import { reservedLabelNameMessage } from './label-set';
import { isLabelNameChar, isLabelNameStart, isReservedLabelName } from './label-syntax';
import {
  BACKSLASH,
  COMMA,
  EQUALS,
  LEFT_BRACE,
  LOWER_N,
  QUOTE,
  RIGHT_BRACE,
  detachString,
  isBlank,
  skipBlanks,
} from './text-scan';

/**
 * Reads `name="value", ...}` of `body` from `start` (just after `{`) up to `end` (the end of the line), appending to
 * `names` and `values` with `\\`, `\"` and `\n` unescaped. Returns the index after `}`, or -1 after reporting
 * the first problem. Names are checked for syntax only; `buildLabelSet` checks the rest.
 */
export function readLabelPairs(
  body: string,
  start: number,
  end: number,
  names: string[],
  values: string[],
  report: (message: string) => void,
): number {
  let i = start;
  for (;;) {
    i = skipBlanks(body, i, end);
    if (i === end) {
      report('label set is not closed: expected "}"');
      return -1;
    }
    let c = body.charCodeAt(i);
    if (c === RIGHT_BRACE) {
      return i + 1;
    }

    const nameStart = i;
    while (i < end && isLabelNameChar(body.charCodeAt(i))) {
      i++;
    }
    c = body.charCodeAt(i);
    if (i === nameStart) {
      report(`expected a label name or "}", found ${quote(body[i] ?? '')}`);
      return -1;
    }
    if (!isLabelNameStart(body.charCodeAt(nameStart)) || (i < end && !isBlank(c) && !isPunctuation(c))) {
      while (i < end && !isBlank(c) && !isPunctuation(c)) {
        c = body.charCodeAt(++i);
      }
      report(`invalid label name ${quote(body.slice(nameStart, i))}`);
      return -1;
    }
    const name = body.slice(nameStart, i);
    if (isReservedLabelName(name)) {
      report(reservedLabelNameMessage(name)); // includes __name__: the metric name goes before the braces
      return -1;
    }

    i = skipBlanks(body, i, end);
    if (body.charCodeAt(i) !== EQUALS) {
      report(`expected "=" after label name ${quote(name)}`);
      return -1;
    }
    i = skipBlanks(body, i + 1, end);
    if (body.charCodeAt(i) !== QUOTE) {
      report(`expected a quoted value for label ${quote(name)}`);
      return -1;
    }

    // The value, unescaping \\, \" and \n.
    let value = '';
    let chunkStart = ++i;
    for (;;) {
      if (i >= end) {
        report(`value of label ${quote(name)} is not closed: expected '"'`);
        return -1;
      }
      c = body.charCodeAt(i);
      if (c === QUOTE) {
        break;
      }
      if (c === BACKSLASH) {
        const next = body.charCodeAt(i + 1);
        if (next !== BACKSLASH && next !== QUOTE && next !== LOWER_N) {
          const escape = body.slice(i, Math.min(i + 2, end));
          report(`invalid escape ${quote(escape)} in value of label ${quote(name)}: use \\\\, \\" or \\n`);
          return -1;
        }
        value += body.slice(chunkStart, i) + (next === LOWER_N ? '\n' : String.fromCharCode(next));
        i += 2;
        chunkStart = i;
        continue;
      }
      i++;
    }
    value += body.slice(chunkStart, i);
    names.push(detachString(name));
    values.push(detachString(value));

    i = skipBlanks(body, i + 1, end);
    c = body.charCodeAt(i);
    if (c === COMMA) {
      i++;
    } else if (c === RIGHT_BRACE) {
      return i + 1;
    } else {
      report(`expected "," or "}" after the value of label ${quote(name)}`);
      return -1;
    }
  }
}

/** Characters that end a label name token: what follows is a syntax problem, not part of the name. */
function isPunctuation(c: number): boolean {
  return c === EQUALS || c === COMMA || c === RIGHT_BRACE || c === QUOTE || c === LEFT_BRACE;
}

/**
 * Index after the `}` closing a label set whose `{` is just before `start`, skipping quoted values;
 * -1 if the line ends first. Only finds the extent: `readLabelPairs` validates.
 */
export function findLabelSetEnd(body: string, start: number, end: number): number {
  let inQuotes = false;
  for (let i = start; i < end; i++) {
    const c = body.charCodeAt(i);
    if (inQuotes) {
      if (c === BACKSLASH) {
        i++;
      } else if (c === QUOTE) {
        inQuotes = false;
      }
    } else if (c === QUOTE) {
      inQuotes = true;
    } else if (c === RIGHT_BRACE) {
      return i + 1;
    }
  }
  return -1;
}
