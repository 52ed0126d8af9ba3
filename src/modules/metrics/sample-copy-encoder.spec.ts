import { copyHeader, copyTrailer, encodeSampleRows } from './sample-copy-encoder';

describe('binary COPY encoding of samples', () => {
  it('writes PostgreSQL binary COPY rows: int4 series id, timestamptz (µs since 2000), float8', () => {
    const ts = Date.UTC(2026, 10, 26, 12, 0, 0, 123);
    const buffer = encodeSampleRows(
      new Int32Array([7, 8]),
      new Float64Array([ts, Date.UTC(1999, 11, 31, 23, 59, 59)]),
      new Float64Array([1.5, NaN]),
      0,
      2,
    );
    expect(buffer.length).toBe(2 * 34);
    expect(buffer.readInt16BE(0)).toBe(3);
    expect(buffer.readInt32BE(2)).toBe(4);
    expect(buffer.readInt32BE(6)).toBe(7);
    expect(buffer.readInt32BE(10)).toBe(8);
    expect(buffer.readBigInt64BE(14)).toBe(BigInt(ts - Date.UTC(2000, 0, 1)) * 1000n);
    expect(buffer.readInt32BE(22)).toBe(8);
    expect(buffer.readDoubleBE(26)).toBe(1.5);
    // second row: one second before PostgreSQL's epoch is negative
    expect(buffer.readInt32BE(34 + 6)).toBe(8);
    expect(buffer.readBigInt64BE(34 + 14)).toBe(-1_000_000n);
    expect(buffer.readDoubleBE(34 + 26)).toBeNaN();
  });

  it('encodes only the requested row range', () => {
    const buffer = encodeSampleRows(
      new Int32Array([1, 2, 3]),
      new Float64Array([0, 0, 0]),
      new Float64Array([0, 0, 0]),
      1,
      3,
    );
    expect(buffer.readInt32BE(6)).toBe(2);
    expect(buffer.length).toBe(68);
  });

  it('frames the stream with the signature header and the -1 trailer', () => {
    expect(copyHeader().subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(copyHeader().length).toBe(19);
    expect(copyTrailer().readInt16BE(0)).toBe(-1);
  });
});
