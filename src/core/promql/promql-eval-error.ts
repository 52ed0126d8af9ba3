/** An expression that parsed but cannot be evaluated on the given data, e.g. many-to-many vector matching. */
export class PromqlEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromqlEvalError';
  }
}
