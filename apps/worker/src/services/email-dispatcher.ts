// Delivers outbox emails whose transport is `resend`: claims due rows every poll, sends each, and
// records the outcome (sent, or failed with the outbox's exponential backoff). Mailbox emails are
// delivered when written and never reach here. Without a mailer (no RESEND_API_KEY) it stays idle.
import type { Clock } from '@coinview/core/ports';
import { systemClock } from '@coinview/core/ports';
import type { Db } from '@coinview/db/client';
import {
  type OutboxEmail,
  type RetryPolicy,
  claimDueEmails,
  markEmailFailed,
  markEmailSent,
} from '@coinview/db/outbox';
import type { Logger } from 'pino';
import { type Mailer, MailerError } from '../adapters/resend-mailer';
import type { Service } from '../service';

export interface EmailDispatcherOptions {
  db: Db;
  /** Undefined: delivery is disabled. */
  mailer: Mailer | undefined;
  logger: Logger;
  /** Used when a row has no sender. */
  defaultFrom: string;
  pollMs?: number;
  batchSize?: number;
  retryPolicy?: Partial<RetryPolicy>;
  clock?: Clock;
}

export class EmailDispatcher implements Service {
  readonly name = 'email-dispatcher';
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly opts: EmailDispatcherOptions) {}

  async start(): Promise<void> {
    if (!this.opts.mailer) {
      this.opts.logger.info(
        'RESEND_API_KEY is not set: emails with the resend transport are not delivered',
      );
      return;
    }
    this.running = true;
    this.schedule(0);
    this.opts.logger.info({ pollMs: this.pollMs }, 'email dispatcher started');
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private get pollMs(): number {
    return this.opts.pollMs ?? 2_000;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.poll().finally(() => this.schedule(this.pollMs));
    }, delay);
  }

  /** One round: claim what is due and deliver it. Never throws. */
  private async poll(): Promise<void> {
    const clock = this.opts.clock ?? systemClock;
    let emails: OutboxEmail[];
    try {
      emails = await claimDueEmails(this.opts.db, {
        limit: this.opts.batchSize ?? 10,
        now: clock.now(),
      });
    } catch (err) {
      this.opts.logger.error({ err }, 'could not claim due emails');
      return;
    }
    for (const email of emails) {
      if (!this.running) break; // claimed rows come back after their lease
      await this.deliver(email, clock);
    }
  }

  private async deliver(email: OutboxEmail, clock: Clock): Promise<void> {
    const log = this.opts.logger.child({ emailId: email.id, kind: email.kind });
    try {
      if (email.transport !== 'resend')
        throw new MailerError(`transport ${email.transport} is not delivered by the worker`, 400);
      const providerId = await this.opts.mailer!.send({
        from: email.from || this.opts.defaultFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        idempotencyKey: email.idempotencyKey,
      });
      await markEmailSent(this.opts.db, email.id, providerId, { now: clock.now() });
      log.info({ providerId, attempts: email.attempts }, 'email sent');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof MailerError && err.permanent;
      try {
        const policy = permanent
          ? { ...this.opts.retryPolicy, maxAttempts: 1 }
          : this.opts.retryPolicy;
        const outcome = await markEmailFailed(this.opts.db, email.id, message, {
          now: clock.now(),
          policy,
        });
        log.warn(
          { err: message, ...outcome },
          outcome.status === 'failed' ? 'email given up' : 'email failed; will retry',
        );
      } catch (markErr) {
        log.error(
          { err: markErr },
          'could not record a failed email (it will be retried after its lease)',
        );
      }
    }
  }
}
