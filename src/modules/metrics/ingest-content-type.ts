import { UnsupportedMediaTypeException } from '@nestjs/common';
import { gunzipSync } from 'node:zlib';
import { InvalidInputError, PayloadTooLargeError } from 'src/core/errors';
import { IngestFormat } from './ingest.service';

/** The media type of a Content-Type header, lower case, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** A 415 in the API's error shape: a remote write 2.0 or OTLP protobuf sender learns what to send instead. */
function unsupported(message: string): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException({
    error: message,
    problems: [{ where: 'Content-Type', message }],
  });
}

/**
 * The format of `POST /api/v1/write`: Prometheus text, the JSON batch, or remote write 1.0 (`application/x-protobuf`,
 * `Content-Encoding: snappy`). Remote write 2.0 (`proto=io.prometheus.write.v2.Request`) gets a 415, as its spec
 * asks of 1.0-only receivers, so the sender can fall back.
 */
export function writeFormatOf(
  contentType: string | undefined,
  contentEncoding: string | undefined,
): IngestFormat {
  const type = mediaType(contentType);
  if (type === 'text/plain' || type === '') {
    return 'prometheus-text';
  }
  if (type === 'application/json') {
    return 'json';
  }
  if (type === 'application/x-protobuf') {
    const proto = /;\s*proto=([^;\s]+)/i.exec(contentType ?? '')?.[1];
    if (proto !== undefined && proto !== 'prometheus.WriteRequest') {
      throw unsupported(
        `remote write message ${proto} is not supported: send remote write 1.0 (prometheus.WriteRequest)`,
      );
    }
    const encoding = (contentEncoding ?? 'snappy').trim().toLowerCase();
    if (encoding !== 'snappy') {
      throw unsupported(`Content-Encoding "${encoding}" is not supported for remote write: send snappy`);
    }
    return 'remote-write';
  }
  throw new InvalidInputError(
    `unsupported Content-Type "${type}": send text/plain (Prometheus exposition format), application/json, ` +
      'or application/x-protobuf (Prometheus remote write)',
    [{ where: 'Content-Type', message: `unsupported: ${type}` }],
  );
}

/** `POST /v1/metrics` takes OTLP/HTTP JSON only; OTLP protobuf gets a 415 that says so. */
export function assertOtlpJson(contentType: string | undefined): void {
  const type = mediaType(contentType);
  if (type !== 'application/json') {
    throw unsupported(
      `unsupported Content-Type "${type}": forewarn takes OTLP/HTTP JSON (application/json); ` +
        "set the exporter's encoding to json",
    );
  }
}

/** The body without its Content-Encoding (identity or gzip, as OTLP exporters send), at most `limitBytes` long. */
export function decodeBody(
  body: Buffer,
  contentEncoding: string | undefined,
  limitBytes: number,
  limitName: string,
): Buffer {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') {
    return body;
  }
  if (encoding !== 'gzip') {
    throw unsupported(`Content-Encoding "${encoding}" is not supported: send gzip or no encoding`);
  }
  try {
    return gunzipSync(body, { maxOutputLength: limitBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadTooLargeError(
        `uncompressed body is larger than ${limitBytes} bytes (${limitName}); nothing was stored`,
        [{ where: 'body', message: `limit is ${limitBytes} bytes`, limit: limitName }],
      );
    }
    throw new InvalidInputError('body is not valid gzip; nothing was stored', [
      { where: 'body', message: (error as Error).message },
    ]);
  }
}
