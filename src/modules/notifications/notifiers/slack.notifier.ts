import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { SlackMessage } from 'src/core/notifications/slack-alert-message';
import { DeliveryError } from './delivery-error';

export interface SlackNotifierOptions {
  /** Bot token (`xoxb-...`). Sent as a bearer token, never logged or put in error messages. */
  readonly token: string;
  /** Web API base URL; must end with `/api/`. Defaults to Slack's (`https://slack.com/api/`). */
  readonly apiUrl?: string;
  /** Per-request timeout; a timed-out request is a retryable failure. */
  readonly timeoutMs?: number;
}

/** Slack `ok: false` errors that say "try again later" rather than "this will never work". */
const RETRYABLE_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

const DEFAULT_TIMEOUT_MS = 10_000;
/** Slack message metadata type of forewarn's incident messages. */
const METADATA_EVENT = 'forewarn_incident';
/** How many recent messages of a channel are searched for an incident's message before it is posted again. */
const HISTORY_LOOKBACK = 200;

/**
 * Posts, updates and threads alert messages through Slack's Web API. Makes exactly one HTTP request per call:
 * retries (and their pacing) belong to the caller, which gets a DeliveryError saying whether to retry.
 */
export class SlackNotifier {
  private readonly client: WebClient;
  private readonly redact: (text: string) => string;

  constructor(options: SlackNotifierOptions) {
    if (options.apiUrl !== undefined && !options.apiUrl.endsWith('/api/')) {
      throw new Error(`Slack API URL must end with /api/, got ${options.apiUrl}`);
    }
    const token = options.token;
    this.redact = (text) => (token === '' ? text : text.split(token).join('[redacted]'));
    this.client = new WebClient(token, {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  /**
   * Posts a new message; the returned `ts` identifies it for `update` and `reply`. With an incident, its id goes in
   * the message metadata, where `findByMetadata` finds it again.
   */
  async post(
    channel: string,
    msg: SlackMessage,
    about?: { incidentId: string },
  ): Promise<{ channel: string; ts: string }> {
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: [...msg.blocks],
        unfurl_links: false,
        unfurl_media: false,
        ...(about === undefined
          ? {}
          : { metadata: { event_type: METADATA_EVENT, event_payload: { incident_id: about.incidentId } } }),
      }),
    );
    return { channel: result.channel ?? channel, ts: this.requireTs('chat.postMessage', result.ts) };
  }

  /**
   * The message posted earlier for the incident, found by its metadata among the channel's recent messages: a post
   * whose answer was lost (a timeout, a crash) is not posted twice.
   */
  async findByMetadata(
    channel: string,
    incidentId: string,
  ): Promise<{ channel: string; ts: string } | undefined> {
    const result = await this.call('conversations.history', () =>
      this.client.conversations.history({ channel, include_all_metadata: true, limit: HISTORY_LOOKBACK }),
    );
    const found = (result.messages ?? []).find(
      (message) =>
        message.metadata?.event_type === METADATA_EVENT &&
        (message.metadata.event_payload as Record<string, unknown> | undefined)?.incident_id === incidentId,
    );
    return found?.ts === undefined ? undefined : { channel, ts: found.ts };
  }

  /** Replaces the text and blocks of a message posted earlier. */
  async update(channel: string, ts: string, msg: SlackMessage): Promise<void> {
    await this.call('chat.update', () =>
      this.client.chat.update({ channel, ts, text: msg.text, blocks: [...msg.blocks] }),
    );
  }

  /** Posts `msg` in the thread of the message `threadTs`. */
  async reply(channel: string, threadTs: string, msg: SlackMessage): Promise<{ ts: string }> {
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel,
        thread_ts: threadTs,
        text: msg.text,
        blocks: [...msg.blocks],
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    return { ts: this.requireTs('chat.postMessage', result.ts) };
  }

  private async call<T>(method: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.toDeliveryError(method, error);
    }
  }

  private requireTs(method: string, ts: string | undefined): string {
    if (ts === undefined || ts === '') {
      // The message may have been posted; sending it again could duplicate it.
      throw new DeliveryError(`slack ${method}: response has no message ts`, false);
    }
    return ts;
  }

  private toDeliveryError(method: string, error: unknown): DeliveryError {
    const fail = (reason: string, retryable: boolean, retryAfterMs?: number): DeliveryError =>
      new DeliveryError(`slack ${method} failed: ${this.redact(reason)}`, retryable, retryAfterMs);

    if (error instanceof WebAPIRateLimitedError) {
      return fail(`rate limited, retry after ${error.retryAfter}s`, true, error.retryAfter * 1000);
    }
    if (error instanceof WebAPIPlatformError) {
      const code = error.data.error;
      const retryAfterSeconds = error.data.response_metadata?.retryAfter;
      return fail(
        code,
        RETRYABLE_PLATFORM_ERRORS.has(code),
        retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
      );
    }
    if (error instanceof WebAPIHTTPError) {
      const status = error.statusCode;
      return fail(`HTTP ${status}`, status >= 500 || status === 408 || status === 429);
    }
    if (error instanceof WebAPIRequestError) {
      return fail(`request error: ${describeRequestError(error.original)}`, true);
    }
    const message =
      typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
        ? error.message
        : String(error);
    // A 429 without a usable Retry-After header comes back as a plain Error.
    return fail(message, /rate limit|retry header/i.test(message));
  }
}

/** fetch() reports network failures as `TypeError: fetch failed` with the interesting part in `cause`. */
function describeRequestError(error: Error): string {
  // Duck-typed: undici's errors may come from another realm than this module's Error (e.g. under Jest).
  const cause: unknown = error.cause;
  if (typeof cause === 'object' && cause !== null) {
    const code: unknown = 'code' in cause ? cause.code : undefined;
    const message: unknown = 'message' in cause ? cause.message : undefined;
    const detail = typeof code === 'string' ? code : typeof message === 'string' ? message : undefined;
    if (detail !== undefined) {
      return `${error.message} (${detail})`;
    }
  }
  return error.message;
}
