// Email delivery through Resend's official SDK. `baseUrl` (RESEND_BASE_URL) points it at a local
// fake in tests; the outbox row's idempotency key goes out as Resend's Idempotency-Key header, so a
// retried send can never deliver twice.
import { Resend } from 'resend';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  idempotencyKey: string;
}

export interface Mailer {
  /** Returns the provider's message id; throws MailerError on failure. */
  send(email: OutgoingEmail): Promise<string>;
}

export class MailerError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
  ) {
    super(message);
    this.name = 'MailerError';
  }

  /** Client errors other than timeouts, conflicts and rate limits will fail the same way again. */
  get permanent(): boolean {
    const s = this.statusCode;
    return s !== null && s >= 400 && s < 500 && s !== 408 && s !== 409 && s !== 429;
  }
}

export class ResendMailer implements Mailer {
  private readonly resend: Resend;

  constructor(opts: { apiKey: string; baseUrl?: string }) {
    this.resend = new Resend(
      opts.apiKey,
      opts.baseUrl ? { baseUrl: opts.baseUrl.replace(/\/+$/, '') } : undefined,
    );
  }

  async send(email: OutgoingEmail): Promise<string> {
    const { data, error } = await this.resend.emails.send(
      {
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
      },
      { idempotencyKey: email.idempotencyKey },
    );
    if (error || !data) {
      const statusCode =
        error && 'statusCode' in error && typeof error.statusCode === 'number'
          ? error.statusCode
          : null;
      throw new MailerError(
        `${error?.name ?? 'error'}: ${error?.message ?? 'no response data'}`,
        statusCode,
      );
    }
    return data.id;
  }
}
