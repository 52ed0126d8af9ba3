import nodemailer, { NodemailerError, Transporter } from 'nodemailer';
import { DeliveryError } from './delivery-error';

export interface EmailNotifierOptions {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. */
  readonly secure: boolean;
  readonly user?: string;
  /** Never logged or put in error messages. */
  readonly pass?: string;
  /** Sender, e.g. `forewarn <alerts@example.com>`. */
  readonly from: string;
  /** Don't upgrade with STARTTLS even if offered (local sinks only). */
  readonly ignoreTLS?: boolean;
}

export interface EmailToSend {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Angle brackets included, e.g. `<alert-1-1700000000000-firing@forewarn.example.com>`. */
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly attachments?: ReadonlyArray<{
    readonly filename: string;
    readonly content: Buffer;
    readonly cid: string;
  }>;
}

/** Nodemailer codes (and raw socket codes) for failures to reach or talk to the server: worth another try. */
const RETRYABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Sends alert mails over one SMTP transport, one connection per mail and no internal retries: the caller
 * retries on a retryable DeliveryError. A mail that some recipients refused but others accepted counts as sent.
 */
export class EmailNotifier {
  private readonly transport: Transporter;
  private readonly from: string;
  private readonly redact: (text: string) => string;

  constructor(options: EmailNotifierOptions) {
    this.from = options.from;
    const secret = options.pass;
    this.redact = (text) =>
      secret === undefined || secret === '' ? text : text.split(secret).join('[redacted]');
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      ignoreTLS: options.ignoreTLS ?? false,
      auth: options.user === undefined ? undefined : { user: options.user, pass: options.pass ?? '' },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
  }

  async send(mail: EmailToSend): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references === undefined ? undefined : [...mail.references],
        attachments: mail.attachments?.map((attachment) => ({ ...attachment, contentType: 'image/png' })),
      });
    } catch (error) {
      throw this.toDeliveryError(error);
    }
  }

  close(): void {
    this.transport.close();
  }

  private toDeliveryError(error: unknown): DeliveryError {
    // Duck-typed: socket errors come from Node's core and may not share this realm's Error (e.g. under Jest).
    if (typeof error !== 'object' || error === null || typeof (error as Error).message !== 'string') {
      return new DeliveryError(`smtp send failed: ${this.redact(String(error))}`, false);
    }
    const smtpError = error as NodemailerError;
    const { code, responseCode } = smtpError;
    const detail = [smtpError.command, code].filter((part) => part !== undefined).join(', ');
    const message = `smtp send failed: ${this.redact(smtpError.message)}${detail === '' ? '' : ` (${detail})`}`;
    if (responseCode !== undefined) {
      // RFC 5321: 4yz transient, 5yz permanent. Nodemailer's `permanent` also treats 503 (bad sequence) as transient.
      const permanent = smtpError.permanent ?? (responseCode >= 500 && responseCode < 600);
      return new DeliveryError(message, !permanent);
    }
    return new DeliveryError(message, code !== undefined && RETRYABLE_CODES.has(code));
  }
}
