import { WebhookPayload } from 'src/core/notifications/webhook-payload';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from 'src/core/notifications/webhook-signature';
import { DeliveryError } from './delivery-error';

const TIMEOUT_MS = 10_000;

export interface WebhookNotifierOptions {
  /** Signs every body (`X-Forewarn-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "t.body">`) when set. */
  readonly secret?: string;
  readonly now?: () => number;
}

/**
 * POSTs Alertmanager webhook payloads (version 4), so receivers written for Alertmanager work unchanged. 2xx is
 * delivered; 5xx, 429 (honouring Retry-After), timeouts and network errors are retryable; other 4xx are permanent.
 * The URL may hold a token, so it never appears in errors or logs: only its origin does.
 */
export class WebhookNotifier {
  constructor(private readonly options: WebhookNotifierOptions = {}) {}

  async send(url: string, payload: WebhookPayload, bearerToken?: string): Promise<void> {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'forewarn' };
    if (bearerToken !== undefined) {
      headers.authorization = `Bearer ${bearerToken}`;
    }
    if (this.options.secret !== undefined) {
      headers[WEBHOOK_SIGNATURE_HEADER] = signWebhookBody(
        this.options.secret,
        body,
        (this.options.now ?? Date.now)(),
      );
    }
    const origin = safeOrigin(url);
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new DeliveryError(`webhook ${origin} unreachable: ${(error as Error).message}`, true);
    }
    await response.body?.cancel();
    if (response.ok) {
      return;
    }
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    const retryAfterS = Number(response.headers.get('retry-after'));
    throw new DeliveryError(
      `webhook ${origin} answered ${response.status}`,
      retryable,
      response.status === 429 && Number.isFinite(retryAfterS) && retryAfterS > 0
        ? retryAfterS * 1000
        : undefined,
    );
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
