import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Request, Response } from 'express';
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthorizedError } from 'src/core/errors';
import { errorPage } from 'src/core/pages/login-page';
import { DomainErrorFilter } from 'src/infra/http/domain-error.filter';

const wantsData = (request: Request) =>
  request.query.format === 'json' ||
  request.query.format === 'csv' ||
  request.headers.authorization !== undefined;

/**
 * Errors of page routes as pages: no token sends the browser to `/login?next=…`, a missing scope, a bad filter or
 * an unknown id get a page that says so. Requests for JSON or CSV (or with a Bearer header) get the API's JSON errors.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly json = new DomainErrorFilter();

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (wantsData(request)) {
      this.json.catch(error, host);
      return;
    }
    if (error instanceof UnauthorizedError) {
      response.redirect(303, `/login?next=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    const page = (status: number, title: string, message: string, problems?: InvalidInputError['problems']) =>
      response
        .status(status)
        .type('html')
        .send(errorPage(title, message, problems));
    if (error instanceof ForbiddenError) {
      page(403, 'Not allowed', error.message);
    } else if (error instanceof NotFoundError) {
      page(404, 'Not found', error.message);
    } else if (error instanceof InvalidInputError) {
      page(400, 'Bad request', error.message, error.problems);
    } else {
      this.json.catch(error, host);
    }
  }
}
