import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  ProblemDetail,
  UnauthorizedError,
} from 'src/core/errors';

const STATUS_BY_ERROR: ReadonlyArray<[new (...args: never[]) => Error, number]> = [
  [InvalidInputError, HttpStatus.BAD_REQUEST],
  [PayloadTooLargeError, HttpStatus.PAYLOAD_TOO_LARGE],
  [ConflictError, HttpStatus.CONFLICT],
  [NotFoundError, HttpStatus.NOT_FOUND],
  [UnauthorizedError, HttpStatus.UNAUTHORIZED],
  [ForbiddenError, HttpStatus.FORBIDDEN],
];

/** Maps domain errors to HTTP, in one place. Bodies are `{ error, problems? }`; unknown errors become a bare 500. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException) {
      const body = error.getResponse();
      response.status(error.getStatus()).json(typeof body === 'string' ? { error: body } : body);
      return;
    }
    const match = STATUS_BY_ERROR.find(([type]) => error instanceof type);
    if (match !== undefined && error instanceof Error) {
      const problems = (error as { problems?: readonly ProblemDetail[] }).problems;
      response
        .status(match[1])
        .json(
          problems && problems.length > 0 ? { error: error.message, problems } : { error: error.message },
        );
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ error: 'internal error' });
  }
}
