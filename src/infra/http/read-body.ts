import { Request } from 'express';
import { PayloadTooLargeError } from 'src/core/errors';

/**
 * Reads a request body into one Buffer, refusing more than `limitBytes` (by Content-Length up front, and by
 * counting as it arrives for chunked bodies). `limitName` is the config key named in the 413.
 */
export async function readBody(request: Request, limitBytes: number, limitName: string): Promise<Buffer> {
  const tooLarge = () =>
    new PayloadTooLargeError(
      `request body is larger than ${limitBytes} bytes (${limitName}); nothing was stored`,
      [{ where: 'body', message: `limit is ${limitBytes} bytes`, limit: limitName }],
    );
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limitBytes) {
    request.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      request.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
