import { InvalidInputError } from 'src/core/errors';

/** Parses a JSON request body; a syntax error is a 400 that says where. */
export function readJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new InvalidInputError('the body is not JSON', [
      { where: 'body', message: (error as Error).message },
    ]);
  }
}
