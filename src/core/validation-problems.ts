import { z } from 'zod';
import { ProblemDetail } from './errors';

/** zod's issues as problems that name their field (`body` for the whole value), for 400 answers. */
export function zodProblems(error: z.ZodError): ProblemDetail[] {
  return error.issues.map((issue) => ({
    where: issue.path.length === 0 ? 'body' : issue.path.join('.'),
    message: issue.message,
  }));
}
