import { compress } from 'snappyjs';

/** One series of a remote write request as a test writes it. */
export interface RemoteWriteSeries {
  readonly labels: Record<string, string>;
  readonly samples: ReadonlyArray<readonly [tsMs: number, value: number]>;
}

/**
 * Encodes a Prometheus remote write 1.0 `WriteRequest` the way Prometheus does (labels sorted, then samples), and
 * compresses it into a Snappy block: a request body for `POST /api/v1/write`. Written by hand from prompb's
 * remote.proto and types.proto so the tests do not share the decoder's code.
 */
export function remoteWriteBody(series: readonly RemoteWriteSeries[]): Buffer {
  return Buffer.from(compress(encodeWriteRequest(series)));
}

export function encodeWriteRequest(series: readonly RemoteWriteSeries[]): Uint8Array {
  return Buffer.concat(series.map((entry) => lengthDelimited(1, encodeSeries(entry))));
}

/** A Sample with the given raw IEEE 754 bits for its value (for stale markers). */
export function staleMarkerSeries(labels: Record<string, string>, tsMs: number): Uint8Array {
  const value = Buffer.alloc(8);
  value.writeUInt32LE(0x00000002, 0);
  value.writeUInt32LE(0x7ff00000, 4);
  const sample = Buffer.concat([Buffer.from([(1 << 3) | 1]), value, tag(2, 0), varint(tsMs)]);
  return lengthDelimited(1, Buffer.concat([...labelFields(labels), lengthDelimited(2, sample)]));
}

function encodeSeries(entry: RemoteWriteSeries): Buffer {
  const samples = entry.samples.map(([tsMs, value]) => {
    const double = Buffer.alloc(8);
    double.writeDoubleLE(value, 0);
    return lengthDelimited(2, Buffer.concat([Buffer.from([(1 << 3) | 1]), double, tag(2, 0), varint(tsMs)]));
  });
  return Buffer.concat([...labelFields(entry.labels), ...samples]);
}

function labelFields(labels: Record<string, string>): Buffer[] {
  return Object.keys(labels)
    .sort()
    .map((name) =>
      lengthDelimited(
        1,
        Buffer.concat([
          lengthDelimited(1, Buffer.from(name)),
          lengthDelimited(2, Buffer.from(labels[name] ?? '')),
        ]),
      ),
    );
}

export function lengthDelimited(field: number, payload: Uint8Array): Buffer {
  return Buffer.concat([tag(field, 2), varint(payload.length), payload]);
}

function tag(field: number, wireType: number): Buffer {
  return varint(field * 8 + wireType);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
