import { createServer, IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Recorder } from './recorder';

/** One accepted Web API call, as the stand-in understood it. */
export interface SlackApiCall {
  readonly method: 'chat.postMessage' | 'chat.update';
  readonly channel: string;
  /** The ts of the posted message, or of the message updated. */
  readonly ts: string;
  readonly threadTs?: string;
  readonly text: string;
  /** Parsed from JSON; `undefined` when the call had none. */
  readonly blocks?: unknown[];
}

export interface SlackApiStandInOptions {
  /** Bearer token callers must send. */
  readonly token: string;
  /** Receives one line per request; nothing is printed otherwise. */
  readonly log?: (line: string) => void;
}

interface ForcedFailure {
  readonly status?: number;
  readonly headers?: OutgoingHttpHeaders;
  readonly error?: string;
  /** Carry the call out, then answer with `status` anyway: the caller cannot know it worked. */
  readonly afterAccepting?: boolean;
}

interface StoredMessage {
  readonly ts: string;
  readonly text: string;
  readonly metadata?: unknown;
}

type Params = Record<string, unknown>;

const MAX_BODY_BYTES = 1_000_000;
const FIRST_TS_SECONDS = 1_700_000_000;

class BadRequest extends Error {}

/**
 * A local stand-in for Slack's Web API (`chat.postMessage`, `chat.update`, `auth.test`) for the demo and tests.
 * Point a WebClient at `url`. Answers like Slack: HTTP 200 with `{ ok: false, error }` for API errors.
 */
export class SlackApiStandIn {
  private server: Server | undefined;
  private port = 0;
  private sequence = 0;
  private readonly calls = new Recorder<SlackApiCall>(
    'Slack call',
    (call) => `${call.method} ${call.channel} ${call.ts}`,
  );
  private readonly posted = new Map<string, Set<string>>();
  /** Top-level messages per channel, oldest first, for `conversations.history`. */
  private readonly history = new Map<string, StoredMessage[]>();
  private readonly failures: ForcedFailure[] = [];

  constructor(private readonly options: SlackApiStandInOptions) {}

  /** The `slackApiUrl` for a WebClient: `http://127.0.0.1:PORT/api/`. */
  get url(): string {
    if (this.server === undefined) {
      throw new Error('SlackApiStandIn is not started');
    }
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<void> {
    if (this.server !== undefined) {
      return;
    }
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) {
          res.writeHead(500).end();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) {
      return;
    }
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // fetch keeps connections alive; don't wait for them to time out.
      server.closeAllConnections();
    });
  }

  /** Accepted calls so far, in arrival order. */
  messages(): SlackApiCall[] {
    return this.calls.all();
  }

  /** Resolves with the first accepted call (past or future) matching `predicate`. */
  waitFor(predicate: (call: SlackApiCall) => boolean, timeoutMs: number): Promise<SlackApiCall> {
    return this.calls.waitFor(predicate, timeoutMs);
  }

  /** Answers the next `count` calls with HTTP `status` (e.g. 500, or 429 with `{ 'Retry-After': '1' }`). */
  failNext(count: number, status: number, headers?: OutgoingHttpHeaders): void {
    for (let i = 0; i < count; i++) {
      this.failures.push({ status, headers });
    }
  }

  /** Forgets the failures still queued (a test's outage ends). */
  clearFailures(): void {
    this.failures.length = 0;
  }

  /**
   * Carries out the next `count` calls but answers them with HTTP `status`, as when Slack accepted a message and the
   * answer was lost (a timeout, a crash of the caller).
   */
  acceptThenFailNext(count: number, status: number): void {
    for (let i = 0; i < count; i++) {
      this.failures.push({ status, afterAccepting: true });
    }
  }

  /** Answers the next `count` calls with HTTP 200 `{ ok: false, error }` (e.g. `channel_not_found`). */
  errorNext(count: number, error: string): void {
    for (let i = 0; i < count; i++) {
      this.failures.push({ error });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = /^\/api\/([A-Za-z0-9._]+)$/.exec(new URL(req.url ?? '/', 'http://stand-in').pathname)?.[1];
    const body = await readBody(req);
    this.log(`${req.method ?? '?'} ${req.url ?? ''}`);
    const failure = this.failures.shift();
    if (failure?.status !== undefined && failure.afterAccepting !== true) {
      res.writeHead(failure.status, { 'Content-Type': 'text/plain', ...failure.headers });
      res.end(`forced failure ${failure.status}`);
      return;
    }
    if (failure?.error !== undefined) {
      return reply(res, { ok: false, error: failure.error });
    }
    if (req.method !== 'POST' && req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      return reply(res, { ok: false, error: req.headers.authorization ? 'invalid_auth' : 'not_authed' });
    }
    let params: Params;
    try {
      params = parseParams(req, body);
    } catch (error) {
      if (error instanceof BadRequest) {
        return reply(res, { ok: false, error: error.message });
      }
      throw error;
    }
    switch (method ?? '') {
      case 'auth.test':
        return reply(res, {
          ok: true,
          url: 'https://forewarn-demo.slack.com/',
          team: 'forewarn demo',
          user: 'forewarn',
          team_id: 'T00000000',
          user_id: 'U00000000',
          bot_id: 'B00000000',
        });
      case 'chat.postMessage': {
        const answer = this.postMessage(params);
        if (failure?.afterAccepting === true && failure.status !== undefined) {
          res.writeHead(failure.status, { 'Content-Type': 'text/plain' });
          res.end(`forced failure ${failure.status} after accepting`);
          return;
        }
        return reply(res, answer);
      }
      case 'conversations.history':
        return reply(res, this.conversationHistory(params));
      case 'chat.update':
        return reply(res, this.update(params));
      default:
        return reply(res, { ok: false, error: 'unknown_method' });
    }
  }

  private postMessage(params: Params): Params {
    const content = messageContent(params);
    if ('error' in content) {
      return { ok: false, error: content.error };
    }
    const { channel, text, blocks } = content;
    const threadTs = optionalString(params['thread_ts']);
    if (threadTs !== undefined && !this.posted.get(channel)?.has(threadTs)) {
      return { ok: false, error: 'thread_not_found' };
    }
    const ts = this.nextTs();
    const channelMessages = this.posted.get(channel) ?? new Set<string>();
    channelMessages.add(ts);
    this.posted.set(channel, channelMessages);
    this.calls.add({ method: 'chat.postMessage', channel, ts, threadTs, text, blocks });
    if (threadTs === undefined) {
      const metadata = parseJsonParam(params['metadata']);
      this.history.set(channel, [
        ...(this.history.get(channel) ?? []),
        { ts, text, ...(metadata === undefined ? {} : { metadata }) },
      ]);
    }
    return {
      ok: true,
      channel,
      ts,
      message: {
        type: 'message',
        user: 'U00000000',
        bot_id: 'B00000000',
        text,
        blocks,
        ts,
        thread_ts: threadTs,
      },
    };
  }

  /** Newest first, as Slack answers; metadata only with `include_all_metadata`. */
  private conversationHistory(params: Params): Params {
    const channel = optionalString(params['channel']);
    if (channel === undefined) {
      return { ok: false, error: 'channel_not_found' };
    }
    const limit = Number(optionalString(params['limit']) ?? params['limit'] ?? 100);
    const withMetadata = String(params['include_all_metadata']) === 'true';
    const messages = [...(this.history.get(channel) ?? [])]
      .reverse()
      .slice(0, Number.isFinite(limit) ? limit : 100)
      .map((message) => ({
        type: 'message',
        ts: message.ts,
        text: message.text,
        ...(withMetadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
      }));
    return { ok: true, messages, has_more: false };
  }

  private update(params: Params): Params {
    const content = messageContent(params);
    if ('error' in content) {
      return { ok: false, error: content.error };
    }
    const { channel, text, blocks } = content;
    const ts = optionalString(params['ts']);
    if (ts === undefined || !this.posted.get(channel)?.has(ts)) {
      return { ok: false, error: 'message_not_found' };
    }
    this.calls.add({ method: 'chat.update', channel, ts, text, blocks });
    return { ok: true, channel, ts, text, message: { text, blocks } };
  }

  /** Unique, increasing, Slack-shaped: `1700000000.000100`, `1700000000.000200`, ... */
  private nextTs(): string {
    this.sequence += 1;
    const micros = this.sequence * 100;
    const seconds = FIRST_TS_SECONDS + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private log(line: string): void {
    this.options.log?.(`[slack stand-in] ${line}`);
  }
}

function messageContent(
  params: Params,
): { channel: string; text: string; blocks: unknown[] | undefined } | { error: string } {
  const channel = optionalString(params['channel']);
  if (channel === undefined) {
    return { error: 'channel_not_found' };
  }
  const text = optionalString(params['text']) ?? '';
  const blocks = parseBlocks(params['blocks']);
  if (blocks === null) {
    return { error: 'invalid_blocks_format' };
  }
  if (text === '' && (blocks === undefined || blocks.length === 0)) {
    return { error: 'no_text' };
  }
  return { channel, text, blocks };
}

/** A JSON-valued parameter (form bodies carry it as a string); undefined when absent or malformed. */
function parseJsonParam(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value ?? undefined;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** `blocks` arrives as a JSON string in form bodies and as an array in JSON bodies. `null` means malformed. */
function parseBlocks(value: unknown): unknown[] | undefined | null {
  if (value === undefined || value === '') {
    return undefined;
  }
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return Array.isArray(parsed) ? parsed : null;
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseParams(req: IncomingMessage, body: string): Params {
  const params: Params = Object.fromEntries(new URL(req.url ?? '/', 'http://stand-in').searchParams);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (body === '') {
    return params;
  }
  if (contentType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new BadRequest('invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BadRequest('invalid_json');
    }
    return { ...params, ...(parsed as Params) };
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
  }
  throw new BadRequest('invalid_form_data');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new Error('request body too large');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, payload: Params): void {
  const body = JSON.stringify(payload);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(body);
}
