/**
 * A minimal reader of the protobuf wire format (varint, 64-bit, length-delimited and 32-bit fields): enough to
 * decode fixed, known messages such as remote write's `WriteRequest` without a schema compiler. Every read is
 * bounds-checked; a malformed message throws `ProtobufError` with the byte offset.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

export class ProtobufError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'ProtobufError';
  }
}

const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2 ** 64;

export class ProtobufReader {
  private readonly view: DataView;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  /** Reads `bytes[start, end)`. */
  constructor(
    private readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wireType: number } {
    const at = this.pos;
    const key = this.varint();
    const field = Math.floor(key / 8);
    if (field === 0) {
      throw new ProtobufError('invalid field number 0', at);
    }
    return { field, wireType: key % 8 };
  }

  /** An unsigned varint as a number (exact below 2^53). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) {
        throw new ProtobufError('truncated varint', this.pos);
      }
      const byte = this.bytes[this.pos++] ?? 0;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        return result;
      }
      scale *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes', this.pos);
  }

  /** An `int64` varint (two's complement for negatives), as a number. */
  int64(): number {
    const value = this.varint();
    return value >= TWO_POW_63 ? value - TWO_POW_64 : value;
  }

  /** A `double`; `isStaleMarker` tells Prometheus's stale NaN before the payload can be lost. */
  double(): { value: number; isStaleMarker: boolean } {
    this.need(8);
    const low = this.view.getUint32(this.pos, true);
    const high = this.view.getUint32(this.pos + 4, true);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return { value, isStaleMarker: high === 0x7ff00000 && low === 0x00000002 };
  }

  /** A length-delimited field as a reader over its bytes; this reader moves past it. */
  message(): ProtobufReader {
    const length = this.length();
    const sub = new ProtobufReader(this.bytes, this.pos, this.pos + length);
    this.pos += length;
    return sub;
  }

  string(): string {
    const length = this.length();
    const at = this.pos;
    this.pos += length;
    try {
      return this.utf8.decode(this.bytes.subarray(at, at + length));
    } catch {
      throw new ProtobufError('string is not valid UTF-8', at);
    }
  }

  /** Skips a field of the given wire type (for fields this reader does not use). */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE_LENGTH_DELIMITED: {
        const length = this.length(); // read first: `this.pos += this.length()` would add to the old position
        this.pos += length;
        return;
      }
      case WIRE_FIXED32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${wireType}`, this.pos);
    }
  }

  /** Throws unless the field has the expected wire type. */
  expect(wireType: number, actual: number, what: string): void {
    if (wireType !== actual) {
      throw new ProtobufError(`${what} has wire type ${actual}, expected ${wireType}`, this.pos);
    }
  }

  private length(): number {
    const at = this.pos;
    const length = this.varint();
    if (length > this.end - this.pos) {
      throw new ProtobufError(`length ${length} runs past the end of the message`, at);
    }
    return length;
  }

  private need(bytes: number): void {
    if (this.end - this.pos < bytes) {
      throw new ProtobufError(`truncated ${bytes}-byte field`, this.pos);
    }
  }
}
