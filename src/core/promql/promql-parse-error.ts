/** A PromQL text that cannot be parsed; `offset` is the 0-based character offset of the problem. */
export class PromqlParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PromqlParseError';
  }
}
