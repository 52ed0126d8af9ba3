/** snappyjs 0.7 ships no types: the two functions forewarn uses (raw Snappy block format, not the framed one). */
declare module 'snappyjs' {
  /** Throws when the stream is invalid or its declared length is over `maxLength`. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
