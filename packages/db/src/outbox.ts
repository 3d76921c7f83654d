// Transactional outbox for email: a message is written here first, then delivered. Mailbox
// messages are delivered by being written (the local mailbox is this table); Resend messages stay
// `pending` until a dispatcher claims and sends them, retrying with exponential backoff.
// Times in returned objects are epoch milliseconds.
import { Prisma, type Db, type EmailOutbox } from './client';

export type EmailTransportName = 'mailbox' | 'resend';

export interface EnqueueEmailInput {
  userId?: string | null;
  kind: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Same key, same email: a second enqueue returns the first row (and Resend deduplicates). */
  idempotencyKey: string;
  transport: EmailTransportName;
}

export interface OutboxEmail {
  id: string;
  userId: string | null;
  kind: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  idempotencyKey: string;
  transport: EmailTransportName;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: number;
  sentAt: number | null;
}

function toEmail(row: EmailOutbox): OutboxEmail {
  return {
    id: row.id,
    userId: row.userId,
    kind: row.kind,
    to: row.to,
    from: row.from,
    subject: row.subject,
    text: row.text,
    html: row.html,
    idempotencyKey: row.idempotencyKey,
    transport: row.transport,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.getTime(),
    lastError: row.lastError,
    providerMessageId: row.providerMessageId,
    createdAt: row.createdAt.getTime(),
    sentAt: row.sentAt?.getTime() ?? null,
  };
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/** Writes the email once per idempotencyKey; `created` is false when it already existed. */
export async function enqueueEmail(
  db: Db,
  input: EnqueueEmailInput,
): Promise<{ id: string; created: boolean }> {
  const delivered = input.transport === 'mailbox';
  try {
    const row = await db.emailOutbox.create({
      data: {
        userId: input.userId ?? null,
        kind: input.kind,
        to: input.to,
        from: input.from,
        subject: input.subject,
        text: input.text,
        html: input.html,
        idempotencyKey: input.idempotencyKey,
        transport: input.transport,
        status: delivered ? 'sent' : 'pending',
        sentAt: delivered ? new Date() : null,
      },
      select: { id: true },
    });
    return { id: row.id, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = await db.emailOutbox.findUniqueOrThrow({
      where: { idempotencyKey: input.idempotencyKey },
      select: { id: true },
    });
    return { id: existing.id, created: false };
  }
}

export interface ClaimOptions {
  limit: number;
  now: number;
  /** A claimed email is not handed out again for this long (ms) unless marked; default 60 s. */
  leaseMs?: number;
}

/**
 * Hands out up to `limit` pending emails that are due, counting the attempt and leasing them
 * (moving nextAttemptAt forward) so that concurrent dispatchers never get the same row, while a
 * dispatcher that dies mid-send lets it come back after the lease.
 */
export async function claimDueEmails(db: Db, options: ClaimOptions): Promise<OutboxEmail[]> {
  const limit = Math.max(0, Math.floor(options.limit));
  if (limit === 0) return [];
  const now = new Date(options.now);
  const leaseUntil = new Date(options.now + (options.leaseMs ?? 60_000));
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "EmailOutbox" SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${leaseUntil}
    WHERE "id" IN (
      SELECT "id" FROM "EmailOutbox"
      WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  if (claimed.length === 0) return [];
  const rows = await db.emailOutbox.findMany({
    where: { id: { in: claimed.map((row) => row.id) } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toEmail);
}

export async function markEmailSent(
  db: Db,
  id: string,
  providerMessageId: string | null,
  options: { now?: number } = {},
): Promise<void> {
  await db.emailOutbox.update({
    where: { id },
    data: {
      status: 'sent',
      providerMessageId,
      sentAt: new Date(options.now ?? Date.now()),
      lastError: null,
    },
  });
}

export interface RetryPolicy {
  /** Attempts after which the email is given up (status `failed`). Default 6. */
  maxAttempts: number;
  /** Delay after the first failed attempt, doubled after each further one. Default 30 s. */
  baseDelayMs: number;
  /** Upper bound of the delay. Default 1 h. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
};

export function retryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Records a failed delivery attempt (the attempt was counted when claimed). Schedules the next
 * try with exponential backoff, or gives up once `maxAttempts` attempts have failed.
 */
export async function markEmailFailed(
  db: Db,
  id: string,
  error: string,
  options: { now: number; policy?: Partial<RetryPolicy> },
): Promise<{ status: 'pending' | 'failed'; nextAttemptAt: number | null; attempts: number }> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  return db.$transaction(async (tx) => {
    const { attempts } = await tx.emailOutbox.findUniqueOrThrow({
      where: { id },
      select: { attempts: true },
    });
    const attemptsMade = Math.max(1, attempts);
    const giveUp = attemptsMade >= policy.maxAttempts;
    const nextAttemptAt = giveUp ? null : options.now + retryDelayMs(attemptsMade, policy);
    await tx.emailOutbox.update({
      where: { id },
      data: {
        status: giveUp ? 'failed' : 'pending',
        lastError: error.slice(0, 4000),
        attempts: attemptsMade,
        ...(nextAttemptAt === null ? {} : { nextAttemptAt: new Date(nextAttemptAt) }),
      },
    });
    return { status: giveUp ? 'failed' : 'pending', nextAttemptAt, attempts: attemptsMade };
  });
}

/** Messages in the local mailbox (transport `mailbox`), newest first; optionally for one address. */
export async function listMailbox(
  db: Db,
  options: { limit: number; to?: string },
): Promise<OutboxEmail[]> {
  const rows = await db.emailOutbox.findMany({
    where: { transport: 'mailbox', ...(options.to === undefined ? {} : { to: options.to }) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.max(0, Math.floor(options.limit)),
  });
  return rows.map(toEmail);
}
