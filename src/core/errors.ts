/** Typed domain errors. The HTTP layer maps them to status codes in one filter; workers map them to retry policy. */

export interface ProblemDetail {
  /** Where the problem is: `line 3`, `$[0].samples[1][1]`, a file position or a field name. */
  readonly where: string;
  readonly message: string;
  /** Name of the configured limit that was hit, when one was. */
  readonly limit?: string;
}

export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly problems: readonly ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export class PayloadTooLargeError extends Error {
  constructor(
    message: string,
    readonly problems: readonly ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'PayloadTooLargeError';
  }
}

export class ConflictError extends Error {
  constructor(
    message: string,
    readonly problems: readonly ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class UnauthorizedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}
