import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { ForbiddenError, InvalidInputError, PayloadTooLargeError, UnauthorizedError } from 'src/core/errors';
import { PromqlEvalError } from 'src/core/promql/promql-eval-error';
import { PromqlParseError } from 'src/core/promql/promql-parse-error';
import { RangeQueryTypeError } from 'src/core/query/evaluate-query';
import { BadQueryError } from 'src/core/query/query-params';

const ERRORS: ReadonlyArray<[new (...args: never[]) => Error, number, string]> = [
  [BadQueryError, HttpStatus.BAD_REQUEST, 'bad_data'],
  [PromqlParseError, HttpStatus.BAD_REQUEST, 'bad_data'],
  [RangeQueryTypeError, HttpStatus.BAD_REQUEST, 'bad_data'],
  [InvalidInputError, HttpStatus.BAD_REQUEST, 'bad_data'],
  [PayloadTooLargeError, HttpStatus.PAYLOAD_TOO_LARGE, 'bad_data'],
  [PromqlEvalError, HttpStatus.UNPROCESSABLE_ENTITY, 'execution'],
  [UnauthorizedError, HttpStatus.UNAUTHORIZED, 'unauthorized'],
  [ForbiddenError, HttpStatus.FORBIDDEN, 'forbidden'],
];

/**
 * Errors of the query API in Prometheus's shape, `{"status": "error", "errorType": "bad_data", "error": "..."}`, so
 * Grafana shows the message: bad parameters and PromQL 400 `bad_data`, evaluation errors 422 `execution`.
 */
@Catch()
export class PrometheusApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(PrometheusApiErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const match = ERRORS.find(([type]) => error instanceof type);
    if (match !== undefined && error instanceof Error) {
      const message =
        error instanceof PromqlParseError ? `${error.message} (at char ${error.offset})` : error.message;
      response.status(match[1]).json({ status: 'error', errorType: match[2], error: message });
      return;
    }
    if (error instanceof HttpException) {
      response
        .status(error.getStatus())
        .json({ status: 'error', errorType: 'bad_data', error: error.message });
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ status: 'error', errorType: 'internal', error: 'internal error' });
  }
}
