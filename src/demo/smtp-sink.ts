import { AddressObject, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { Recorder } from './recorder';
import { SMTPServer, SMTPServerDataStream } from 'smtp-server';

/** One accepted mail, parsed. Addresses are bare (`alerts@example.com`). */
export interface SinkMail {
  readonly from: string | undefined;
  readonly to: string[];
  readonly subject: string | undefined;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly messageId: string | undefined;
  readonly inReplyTo: string | undefined;
  readonly references: string[];
  /** Attachments (inline images carry a `cid`). */
  readonly attachments: Array<{
    readonly contentType: string;
    readonly cid?: string;
    readonly content: Buffer;
  }>;
}

export interface SmtpSinkOptions {
  /** Receives one line per event worth knowing; nothing is printed otherwise. */
  readonly log?: (line: string) => void;
}

/**
 * A local SMTP server that accepts every mail (any or no credentials, no TLS) and keeps it parsed in memory,
 * for the demo and tests. `rejectNext` makes it refuse mails with a chosen reply code.
 */
export class SmtpSink {
  private server: SMTPServer | undefined;
  private listeningPort = 0;
  private readonly received = new Recorder<SinkMail>('mail', (mail) => JSON.stringify(mail.subject));
  private readonly rejections: number[] = [];

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  get port(): number {
    if (this.server === undefined) {
      throw new Error('SmtpSink is not started');
    }
    return this.listeningPort;
  }

  async start(): Promise<void> {
    if (this.server !== undefined) {
      return;
    }
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      closeTimeout: 1_000,
      logger: false,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
      onData: (stream, _session, callback) => {
        this.receive(stream).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
    });
    // Client resets and the like are reported here; without a listener they would crash the process.
    server.on('error', (error: Error) => this.log(`error: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.listeningPort = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) {
      return;
    }
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Accepted mails so far, in arrival order. */
  mails(): SinkMail[] {
    return this.received.all();
  }

  /** Resolves with the first accepted mail (past or future) matching `predicate`. */
  waitFor(predicate: (mail: SinkMail) => boolean, timeoutMs: number): Promise<SinkMail> {
    return this.received.waitFor(predicate, timeoutMs);
  }

  /** Answers the DATA of the next `count` mails with SMTP reply `code` (e.g. 451 transient, 550 permanent). */
  rejectNext(count: number, code: number): void {
    for (let i = 0; i < count; i++) {
      this.rejections.push(code);
    }
  }

  private async receive(stream: SMTPServerDataStream): Promise<void> {
    const rejection = this.rejections.shift();
    if (rejection !== undefined) {
      // The whole message must be read before the server may answer the DATA command.
      stream.resume();
      await new Promise<void>((resolve) => stream.once('end', () => resolve()));
      this.log(`rejected a mail with ${rejection}`);
      throw Object.assign(new Error(rejection < 500 ? 'Try again later' : 'Message rejected'), {
        responseCode: rejection,
      });
    }
    // keepCidLinks: show the HTML as sent (`cid:` references), not with the images inlined as data: URLs.
    const parsed = await simpleParser(stream, { keepCidLinks: true });
    const references = parsed.references;
    const mail: SinkMail = {
      from: addresses(parsed.from)[0],
      to: addresses(parsed.to),
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html === false ? undefined : parsed.html,
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo,
      references: references === undefined ? [] : typeof references === 'string' ? [references] : references,
      attachments: parsed.attachments.map((attachment) => ({
        contentType: attachment.contentType,
        ...(attachment.cid === undefined ? {} : { cid: attachment.cid }),
        content: attachment.content,
      })),
    };
    this.log(`accepted ${JSON.stringify(mail.subject)} for ${mail.to.join(', ')}`);
    this.received.add(mail);
  }

  private log(line: string): void {
    this.options.log?.(`[smtp sink] ${line}`);
  }
}

function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  if (header === undefined) {
    return [];
  }
  return (Array.isArray(header) ? header : [header])
    .flatMap((object) => object.value)
    .flatMap((address) => [address, ...(address.group ?? [])])
    .flatMap((address) => (address.address ? [address.address] : []));
}
