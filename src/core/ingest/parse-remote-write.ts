import { uncompress } from 'snappyjs';
import { formatLabels } from '../labels/labels';
import { IngestLimits, IngestResult } from './ingest-batch';
import { ProblemCollector } from './ingest-problems';
import { buildLabelSet } from './label-set';
import {
  ProtobufError,
  ProtobufReader,
  WIRE_FIXED64,
  WIRE_LENGTH_DELIMITED,
  WIRE_VARINT,
} from './protobuf-reader';
import {
  NEEDS_POSITIONS,
  PositionNames,
  SeriesAccumulator,
  SeriesBuilder,
  parseWithPositionRetry,
} from './series-accumulator';

/** Config key of the largest body, compressed or not. */
export const BODY_LIMIT_KEY = 'INGEST_MAX_BODY_BYTES';

/** Field numbers of remote write 1.0's `prometheus.WriteRequest` (prompb/remote.proto, types.proto). */
const WRITE_REQUEST_TIMESERIES = 1;
const TIMESERIES_LABELS = 1;
const TIMESERIES_SAMPLES = 2;
const TIMESERIES_HISTOGRAMS = 4;
const LABEL_NAME = 1;
const LABEL_VALUE = 2;
const SAMPLE_VALUE = 1;
const SAMPLE_TIMESTAMP = 2;

/** Positions pack series and sample index: series * 2^32 + sample + 1 (0 = the series itself). */
const SERIES_STRIDE = 2 ** 32;

/**
 * Parses a Prometheus remote write 1.0 body: a Snappy block (not framed) holding a protobuf `WriteRequest`.
 * Problems name the series by index and labels, e.g. `timeseries[3] up{job="api"}: samples[0]`. Prometheus's stale
 * markers (the NaN 0x7ff0000000000002 it sends when a series disappears) are dropped: forewarn's lookback ends a
 * series by itself. Metadata and exemplars are ignored; native histograms are refused (not supported yet).
 */
export function parseRemoteWrite(
  compressed: Uint8Array,
  limits: IngestLimits,
  maxBytes: number,
): IngestResult {
  const decoded = decompress(compressed, maxBytes);
  if (!(decoded instanceof Uint8Array)) {
    return decoded;
  }
  return parseWithPositionRetry((trackPositions) =>
    new WriteRequestParser(decoded, limits, trackPositions).parse(),
  );
}

function decompress(compressed: Uint8Array, maxBytes: number): Uint8Array | IngestResult {
  let declared: number;
  try {
    declared = new ProtobufReader(compressed).varint();
  } catch {
    return failure('body', 'not a Snappy block: remote write bodies are snappy-compressed (block format)');
  }
  if (declared > maxBytes) {
    return {
      ok: false,
      tooLarge: true,
      problems: [
        {
          where: 'body',
          message: `uncompressed body is ${declared} bytes, limit is ${maxBytes} (${BODY_LIMIT_KEY})`,
          limit: BODY_LIMIT_KEY,
        },
      ],
    };
  }
  try {
    return uncompress(compressed, maxBytes);
  } catch (error) {
    return failure(
      'body',
      `not a valid Snappy block (${(error as Error).message}): remote write bodies are snappy-compressed (block format)`,
    );
  }
}

function failure(where: string, message: string): IngestResult {
  return { ok: false, problems: [{ where, message }] };
}

class WriteRequestParser {
  private readonly problems = new ProblemCollector();
  private readonly batch: SeriesAccumulator;
  /** Labels of each `timeseries` entry as written, to name it in problems. */
  private readonly described: string[] = [];

  constructor(
    private readonly body: Uint8Array,
    private readonly limits: IngestLimits,
    trackPositions: boolean,
  ) {
    const names: PositionNames = {
      sample: (pos) => this.samplePath(pos),
      timestamp: (pos) => `${this.samplePath(pos)}.timestamp`,
    };
    this.batch = new SeriesAccumulator(limits, this.problems, names, trackPositions);
  }

  parse(): IngestResult | typeof NEEDS_POSITIONS {
    const request = new ProtobufReader(this.body);
    let index = 0;
    let inSeries = false;
    try {
      while (!request.done) {
        const { field, wireType } = request.tag();
        if (field !== WRITE_REQUEST_TIMESERIES) {
          request.skip(wireType);
          continue;
        }
        request.expect(WIRE_LENGTH_DELIMITED, wireType, 'WriteRequest.timeseries');
        const series = request.message();
        inSeries = true;
        this.parseSeries(series, index);
        inSeries = false;
        index++;
      }
    } catch (error) {
      if (!(error instanceof ProtobufError)) {
        throw error;
      }
      const where = inSeries ? this.seriesPath(index * SERIES_STRIDE) : 'body';
      this.problems.add(index * SERIES_STRIDE, where, `malformed protobuf WriteRequest: ${error.message}`);
      return this.problems.failure();
    }
    return this.batch.finish();
  }

  private parseSeries(series: ProtobufReader, index: number): void {
    const seriesPos = index * SERIES_STRIDE;
    const start = series.pos;
    const names: string[] = [];
    const values: string[] = [];
    let histograms = 0;
    while (!series.done) {
      const { field, wireType } = series.tag();
      if (field === TIMESERIES_LABELS) {
        series.expect(WIRE_LENGTH_DELIMITED, wireType, 'TimeSeries.labels');
        const [name, value] = readLabel(series.message());
        names.push(name);
        values.push(value);
      } else {
        histograms += field === TIMESERIES_HISTOGRAMS ? 1 : 0;
        series.skip(wireType);
      }
    }
    this.described[index] = describe(names, values);
    const where = this.seriesPath(seriesPos);
    if (histograms > 0) {
      this.problems.add(
        seriesPos,
        where,
        'native histograms are not supported; send classic histograms (_bucket, _sum, _count)',
      );
    }
    const set = buildLabelSet(names, values, this.limits, (label, message, limit) =>
      this.problems.add(seriesPos, label === undefined ? where : `${where}: label ${label}`, message, limit),
    );
    const builder = set === undefined ? undefined : this.batch.seriesFor(set);
    series.pos = start;
    let sample = 0;
    while (!series.done) {
      const { field, wireType } = series.tag();
      if (field !== TIMESERIES_SAMPLES) {
        series.skip(wireType);
        continue;
      }
      series.expect(WIRE_LENGTH_DELIMITED, wireType, 'TimeSeries.samples');
      this.addSample(series.message(), builder, seriesPos + sample + 1);
      sample++;
    }
  }

  private addSample(sample: ProtobufReader, builder: SeriesBuilder | undefined, pos: number): void {
    let value = 0;
    let stale = false;
    let tsMs = 0;
    while (!sample.done) {
      const { field, wireType } = sample.tag();
      if (field === SAMPLE_VALUE) {
        sample.expect(WIRE_FIXED64, wireType, 'Sample.value');
        ({ value, isStaleMarker: stale } = sample.double());
      } else if (field === SAMPLE_TIMESTAMP) {
        sample.expect(WIRE_VARINT, wireType, 'Sample.timestamp');
        tsMs = sample.int64();
      } else {
        sample.skip(wireType);
      }
    }
    if (!stale) {
      this.batch.add(builder, tsMs, value, pos);
    }
  }

  private seriesPath(pos: number): string {
    const index = Math.floor(pos / SERIES_STRIDE);
    return `timeseries[${index}] ${this.described[index] ?? ''}`.trimEnd();
  }

  private samplePath(pos: number): string {
    const index = Math.floor(pos / SERIES_STRIDE);
    return `${this.seriesPath(pos)}: samples[${pos - index * SERIES_STRIDE - 1}]`;
  }
}

function readLabel(label: ProtobufReader): [string, string] {
  let name = '';
  let value = '';
  while (!label.done) {
    const { field, wireType } = label.tag();
    if (field === LABEL_NAME) {
      label.expect(WIRE_LENGTH_DELIMITED, wireType, 'Label.name');
      name = label.string();
    } else if (field === LABEL_VALUE) {
      label.expect(WIRE_LENGTH_DELIMITED, wireType, 'Label.value');
      value = label.string();
    } else {
      label.skip(wireType);
    }
  }
  return [name, value];
}

/** The series as written, e.g. `up{job="api"}`, for problems (names as sent, even invalid ones). */
function describe(names: readonly string[], values: readonly string[]): string {
  return formatLabels(Object.fromEntries(names.map((name, i) => [name, values[i] ?? ''])));
}
