/** Character codes and small scanning helpers for the text format. */

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const COMMA = 44;
export const MINUS = 45;
export const ZERO = 48;
export const NINE = 57;
export const EQUALS = 61;
export const BACKSLASH = 92;
export const LOWER_N = 110;
export const LEFT_BRACE = 123;
export const RIGHT_BRACE = 125;

/** Space or tab: the only separators inside a line. */
export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Index of the first non-blank character at or after `i` (or `end`). */
export function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && isBlank(text.charCodeAt(i))) {
    i++;
  }
  return i;
}

/** Index of the first blank (or `stop` character) at or after `i` (or `end`). */
export function skipToken(text: string, i: number, end: number, stop = LF): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isBlank(c) || c === stop) {
      break;
    }
    i++;
  }
  return i;
}

/** V8 makes slices of 13 or more characters views into their parent string. */
const MIN_VIEW_LENGTH = 13;

/**
 * A copy of a slice of the request body that does not keep the body alive, for strings that outlive the
 * request (label names and values, cache keys). Comparing against it also stays within a small string.
 */
export function detachString(slice: string): string {
  return slice.length < MIN_VIEW_LENGTH ? slice : (JSON.parse(JSON.stringify(slice)) as string);
}
