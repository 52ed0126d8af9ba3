import { METRIC_NAME_LABEL } from '../model';
import { IngestLimits, IngestResult } from './ingest-batch';
import { quote } from './ingest-limits';
import { ProblemCollector } from './ingest-problems';
import { buildLabelSet } from './label-set';
import { isMetricNameChar, isMetricNameStart, isValidMetricName } from './label-syntax';
import { ValueTokenEnd, readSampleValueToken } from './parse-number';
import { findLabelSetEnd, readLabelPairs } from './parse-text-labels';
import {
  NEEDS_POSITIONS,
  PositionNames,
  SeriesAccumulator,
  SeriesBuilder,
  parseWithPositionRetry,
} from './series-accumulator';
import {
  CR,
  HASH,
  LEFT_BRACE,
  MINUS,
  NINE,
  SPACE,
  TAB,
  ZERO,
  detachString,
  isBlank,
  skipBlanks,
  skipToken,
} from './text-scan';

const METRIC_TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

const LINE_NAMES: PositionNames = {
  sample: (line) => `line ${line}`,
  timestamp: (line) => `line ${line}`,
};

/** After this many wrong guesses in a row, guess only on every (GUESS_PROBE_MASK + 1)th line. */
const MAX_GUESS_MISSES = 8;
const GUESS_PROBE_MASK = 63;

/** Decimal digits that always fit a 31-bit small integer. */
const SMALL_DIGITS = 9;

/** The labels of this line are wrong: the problem is reported, the rest of the line is skipped. */
const SYNTAX_ERROR = 'syntax-error';
/** The labels parse but break a rule or limit: reported; the sample is still checked but not stored. */
const REJECTED = 'rejected';

/**
 * Parses a body in the Prometheus text exposition format 0.0.4.
 * Samples without a timestamp get `defaultTsMs`. Reports every problem (by 1-based line), not just the first.
 */
export function parsePrometheusText(body: string, defaultTsMs: number, limits: IngestLimits): IngestResult {
  return parseWithPositionRetry((trackPositions) =>
    new TextParser(body, defaultTsMs, limits, trackPositions).parse(),
  );
}

/** A distinct series text as written in the body, e.g. `up{job="api"}` (validated). */
interface RawSeries {
  readonly raw: string;
  /** No label set: the text is just the metric name. */
  readonly nameOnly: boolean;
  readonly series: SeriesBuilder;
  /** The series on the line after this one's last occurrence: bodies repeat series in the same order. */
  next: RawSeries | undefined;
}

class TextParser implements ValueTokenEnd {
  private readonly problems = new ProblemCollector();
  private readonly batch: SeriesAccumulator;
  /** Series by the raw text `name{...}` of a line, so repeated series skip label parsing and hashing. */
  private readonly seriesByRawText = new Map<string, RawSeries>();
  /** The previous line's series, if it was valid. */
  private previous: RawSeries | undefined;
  /** Set by `readSeries`: index after the series text. */
  private seriesEnd = 0;
  /** Set by `readSampleValueToken`: index after the value. */
  valueEnd = 0;
  /** Consecutive lines whose series was not the guessed one. */
  private guessMisses = 0;
  /** Index of the next "}" in the body at or after some earlier line start (body length if none). */
  private nextClose = -1;
  private line = 0;

  /**
   * For samples without a timestamp. A number from the start: a field that first holds `undefined` (as a
   * constructor parameter property's does) is read untyped by optimized code, which then boxes every timestamp.
   */
  private readonly defaultTsMs: number = NaN;

  constructor(
    private readonly body: string,
    defaultTsMs: number,
    private readonly limits: IngestLimits,
    trackPositions: boolean,
  ) {
    this.defaultTsMs = defaultTsMs;
    this.batch = new SeriesAccumulator(limits, this.problems, LINE_NAMES, trackPositions);
  }

  parse(): IngestResult | typeof NEEDS_POSITIONS {
    const body = this.body;
    const length = body.length;
    let start = 0;
    while (start < length) {
      let lineEnd = body.indexOf('\n', start);
      if (lineEnd < 0) {
        lineEnd = length;
      }
      this.line++;
      const end = lineEnd > start && body.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      this.parseLine(start, end);
      start = lineEnd + 1;
    }
    return this.batch.finish();
  }

  private parseLine(start: number, end: number): void {
    const body = this.body;
    let i = start;
    let c = body.charCodeAt(i);
    while (i < end && (c === SPACE || c === TAB)) {
      c = body.charCodeAt(++i);
    }
    if (i === end) {
      return;
    }
    if (c === HASH) {
      this.parseComment(i + 1, end);
    } else {
      this.parseSample(i, end);
    }
  }

  /** `name{labels} value [timestamp]`, starting at the first non-blank character. */
  private parseSample(start: number, end: number): void {
    const body = this.body;

    // The series: usually the one that followed the previous line's series last time (or that series again),
    // checked with one native string comparison; else from the raw-text cache; else parsed once.
    // Guessing is skipped while it keeps failing (series in random order), except for an occasional probe.
    const previous = this.previous;
    let entry: RawSeries | undefined;
    if (
      previous !== undefined &&
      (this.guessMisses < MAX_GUESS_MISSES || (this.line & GUESS_PROBE_MASK) === 0)
    ) {
      const guess = previous.next;
      if (guess !== undefined && this.startsWithSeries(guess, start, end)) {
        entry = guess;
      } else if (this.startsWithSeries(previous, start, end)) {
        entry = previous;
      }
      this.guessMisses = entry === undefined ? this.guessMisses + 1 : 0;
    }
    let i: number;
    if (entry !== undefined) {
      i = start + entry.raw.length;
    } else {
      const found = this.readSeries(start, end);
      if (found === SYNTAX_ERROR) {
        this.previous = undefined;
        return;
      }
      i = this.seriesEnd;
      entry = found === REJECTED ? undefined : found;
    }
    if (previous !== undefined && entry !== undefined) {
      previous.next = entry;
    }
    this.previous = entry;
    const seriesEnd = i;

    // The value.
    let c = body.charCodeAt(i);
    while (i < end && isBlank(c)) {
      c = body.charCodeAt(++i);
    }
    if (i === end) {
      this.report(`expected a sample value after ${quote(body.slice(start, seriesEnd))}`);
      return;
    }
    const valueStart = i;
    const value = readSampleValueToken(body, valueStart, end, this);
    i = this.valueEnd;
    c = body.charCodeAt(i);
    if (value === undefined) {
      this.report(`invalid value ${quote(body.slice(valueStart, i))}`);
      return;
    }

    // The optional timestamp.
    while (i < end && isBlank(c)) {
      c = body.charCodeAt(++i);
    }
    let tsMs = this.defaultTsMs;
    if (i < end) {
      // Integer milliseconds, parsed while scanning (this runs for every sample).
      const tsStart = i;
      const negative = c === MINUS;
      if (negative) {
        c = body.charCodeAt(++i);
      }
      const digitsStart = i;
      // The first 9 digits in small-integer arithmetic (much faster than doubles), the rest in doubles: exact
      // below 2^53, and any longer number still ends up unsafe.
      const smallEnd = Math.min(end, i + SMALL_DIGITS);
      let small = 0;
      while (i < smallEnd && c >= ZERO && c <= NINE) {
        small = small * 10 + (c - ZERO);
        c = body.charCodeAt(++i);
      }
      let ts = small;
      while (i < end && c >= ZERO && c <= NINE) {
        ts = ts * 10 + (c - ZERO);
        c = body.charCodeAt(++i);
      }
      if (i === digitsStart || (i < end && !isBlank(c)) || !Number.isSafeInteger(ts)) {
        while (i < end && !isBlank(c)) {
          c = body.charCodeAt(++i);
        }
        this.report(`invalid timestamp ${quote(body.slice(tsStart, i))}: expected integer milliseconds`);
        return;
      }
      tsMs = negative ? -ts : ts;
      while (i < end && isBlank(c)) {
        c = body.charCodeAt(++i);
      }
      if (i < end) {
        this.report(`unexpected ${quote(body.slice(i, end))} after the timestamp`);
        return;
      }
    }
    this.batch.add(entry?.series, tsMs, value, this.line);
  }

  /** Whether the line at `start` begins with the (validated) series text of `entry`, and nothing longer. */
  private startsWithSeries(entry: RawSeries, start: number, end: number): boolean {
    const raw = entry.raw;
    const rawEnd = start + raw.length;
    if (rawEnd > end || this.body.slice(start, rawEnd) !== raw) {
      return false;
    }
    if (!entry.nameOnly) {
      return true; // a validated label set ends at its "}": the text that follows is not part of the series
    }
    // `up` must not match `up_total 1` or `up {a="1"} 1`.
    const body = this.body;
    let i = rawEnd;
    let c = body.charCodeAt(i);
    if (i === end) {
      return true;
    }
    if (!isBlank(c)) {
      return false;
    }
    while (i < end && isBlank(c)) {
      c = body.charCodeAt(++i);
    }
    return c !== LEFT_BRACE;
  }

  /**
   * Finds the series text at `start` (sets `seriesEnd`): from the raw-text cache, or parsed and validated.
   * `REJECTED`: labels break a rule (reported); `SYNTAX_ERROR`: the line cannot be read further (reported).
   */
  private readSeries(start: number, end: number): RawSeries | typeof REJECTED | typeof SYNTAX_ERROR {
    const body = this.body;

    // Fast path for a known series with labels: the text up to the line's first "}", found natively.
    // A cached text is a complete, validated series text, so if the line starts with it, it is the line's series.
    let close = this.nextClose;
    if (close < start) {
      close = body.indexOf('}', start);
      this.nextClose = close = close < 0 ? body.length : close; // reused by later lines until passed: O(n) overall
    }
    if (close < end) {
      const cached = this.seriesByRawText.get(body.slice(start, close + 1));
      if (cached !== undefined) {
        this.seriesEnd = close + 1;
        return cached;
      }
    }

    let i = start;
    while (i < end && isMetricNameChar(body.charCodeAt(i))) {
      i++;
    }
    const nameEnd = i;
    let c = body.charCodeAt(i);
    if (!isMetricNameStart(body.charCodeAt(start)) || (i < end && !isBlank(c) && c !== LEFT_BRACE)) {
      this.reportBadMetricName(start, end);
      return SYNTAX_ERROR;
    }
    while (i < end && isBlank(c)) {
      c = body.charCodeAt(++i);
    }
    let braceIndex = -1;
    let seriesEnd = nameEnd;
    if (c === LEFT_BRACE) {
      braceIndex = i;
      seriesEnd = findLabelSetEnd(body, i + 1, end);
      if (seriesEnd < 0) {
        this.parseSeries(start, nameEnd, braceIndex, end); // reports why the label set does not close
        return SYNTAX_ERROR;
      }
    }
    this.seriesEnd = seriesEnd;
    const slice = body.slice(start, seriesEnd);
    const cached = this.seriesByRawText.get(slice);
    if (cached !== undefined) {
      return cached;
    }
    const parsed = this.parseSeries(start, nameEnd, braceIndex, end);
    if (parsed === SYNTAX_ERROR || parsed === REJECTED) {
      return parsed;
    }
    const raw = detachString(slice);
    const entry: RawSeries = { raw, nameOnly: braceIndex < 0, series: parsed, next: undefined };
    this.seriesByRawText.set(raw, entry);
    return entry;
  }

  /** Slow path, once per distinct raw series text: parses and validates the labels. */
  private parseSeries(
    start: number,
    nameEnd: number,
    braceIndex: number,
    end: number,
  ): SeriesBuilder | typeof SYNTAX_ERROR | typeof REJECTED {
    const names = [METRIC_NAME_LABEL];
    const values = [detachString(this.body.slice(start, nameEnd))];
    if (
      braceIndex >= 0 &&
      readLabelPairs(this.body, braceIndex + 1, end, names, values, (message) => this.report(message)) < 0
    ) {
      return SYNTAX_ERROR;
    }
    const set = buildLabelSet(names, values, this.limits, (_label, message, limit) =>
      this.report(message, limit),
    );
    return set === undefined ? REJECTED : this.batch.seriesFor(set);
  }

  /** `# HELP name text` and `# TYPE name type` are checked; other comments are ignored. */
  private parseComment(start: number, end: number): void {
    const body = this.body;
    let i = skipBlanks(body, start, end);
    const keywordStart = i;
    i = skipToken(body, i, end);
    const keyword = body.slice(keywordStart, i);
    if (keyword !== 'HELP' && keyword !== 'TYPE') {
      return;
    }
    i = skipBlanks(body, i, end);
    const nameStart = i;
    i = skipToken(body, i, end);
    const name = body.slice(nameStart, i);
    if (name === '') {
      this.report(`# ${keyword} needs a metric name`);
      return;
    }
    if (!isValidMetricName(name)) {
      this.report(`invalid metric name ${quote(name)} in # ${keyword}`);
      return;
    }
    if (keyword === 'TYPE') {
      const type = body.slice(i, end).trim();
      if (!METRIC_TYPES.has(type)) {
        this.report(
          `unknown metric type ${quote(type)} in # TYPE: expected counter, gauge, histogram, summary or untyped`,
        );
      }
    }
  }

  private reportBadMetricName(start: number, end: number): void {
    const token = this.body.slice(start, skipToken(this.body, start, end, LEFT_BRACE));
    this.report(
      token === ''
        ? `expected a metric name, found ${quote(this.body[start] ?? '')}`
        : `invalid metric name ${quote(token)}`,
    );
  }

  private report(message: string, limit?: string): void {
    this.problems.add(this.line, `line ${this.line}`, message, limit);
  }
}
