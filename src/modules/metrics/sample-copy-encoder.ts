/**
 * Encodes (series_id int4, ts timestamptz, value float8) rows in PostgreSQL's binary COPY format, which skips
 * text formatting and parsing of timestamps and floats on both sides.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const ROW_BYTES = 2 + (4 + 4) + (4 + 8) + (4 + 8);
/** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01). */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_POW_32 = 4_294_967_296;

export function copyHeader(): Buffer {
  const header = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(header, 0);
  // flags (int32) = 0, header extension length (int32) = 0
  return header;
}

export function copyTrailer(): Buffer {
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  return trailer;
}

/** Encodes rows [from, to) of the parallel arrays into one buffer. DataView writes are inlined by V8. */
export function encodeSampleRows(
  seriesIds: Int32Array,
  timestampsMs: Float64Array,
  values: Float64Array,
  from: number,
  to: number,
): Buffer {
  const buffer = Buffer.allocUnsafe((to - from) * ROW_BYTES);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let offset = 0;
  for (let row = from; row < to; row++) {
    const micros = ((timestampsMs[row] ?? 0) - PG_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_POW_32);
    view.setInt16(offset, 3);
    view.setInt32(offset + 2, 4);
    view.setInt32(offset + 6, seriesIds[row] ?? 0);
    view.setInt32(offset + 10, 8);
    view.setInt32(offset + 14, high);
    view.setUint32(offset + 18, micros - high * TWO_POW_32);
    view.setInt32(offset + 22, 8);
    view.setFloat64(offset + 26, values[row] ?? 0);
    offset += ROW_BYTES;
  }
  return buffer;
}
