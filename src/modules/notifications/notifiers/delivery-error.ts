/**
 * Why a notification was not delivered, and whether sending it again can help.
 * Retryable: the receiver was unreachable, overloaded or rate limiting (wait `retryAfterMs` when given).
 * Permanent: the receiver refused this message or our credentials; retrying sends the same refusal.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
