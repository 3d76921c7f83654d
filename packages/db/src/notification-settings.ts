// Where a user's alerts go: the alert email (used only once verified by a link), in-app, and a
// webhook signed with a per-user secret. Everything is scoped by the owner's userId.
//
// The webhook secret is created with the settings and never returned by the settings view (only
// its last characters): rotateWebhookSecret hands a new one back exactly once. Email verification
// tokens are stored hashed, like passwords: the database alone cannot verify an address.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Prisma } from './client';

type NotificationSettings = Prisma.NotificationSettingsGetPayload<object>;

export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

export interface NotificationSettingsView {
  email: string | null;
  /** Epoch ms; null while the current email is not verified. */
  emailVerifiedAt: number | null;
  emailEnabled: boolean;
  inAppEnabled: boolean;
  webhookUrl: string | null;
  webhookEnabled: boolean;
  /** The secret's last 4 characters, to tell secrets apart without revealing them. */
  webhookSecretHint: string;
  defaultTemplate: string | null;
  updatedAt: number;
}

export interface NotificationSettingsPatch {
  email?: string | null;
  emailEnabled?: boolean;
  inAppEnabled?: boolean;
  webhookUrl?: string | null;
  webhookEnabled?: boolean;
  defaultTemplate?: string | null;
}

/** A value the user must change; `field` names the input it belongs to. */
export class NotificationSettingsInvalidError extends Error {
  constructor(
    readonly field: keyof NotificationSettingsPatch,
    message: string,
  ) {
    super(message);
    this.name = 'NotificationSettingsInvalidError';
  }
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export function hashVerificationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toView(row: NotificationSettings): NotificationSettingsView {
  return {
    email: row.email,
    emailVerifiedAt: row.emailVerifiedAt?.getTime() ?? null,
    emailEnabled: row.emailEnabled,
    inAppEnabled: row.inAppEnabled,
    webhookUrl: row.webhookUrl,
    webhookEnabled: row.webhookEnabled,
    webhookSecretHint: row.webhookSecret.slice(-4),
    defaultTemplate: row.defaultTemplate,
    updatedAt: row.updatedAt.getTime(),
  };
}

/**
 * The row, created on first use with the account's notification (or sign-in) email, unverified.
 * Parallel first uses (two tabs, a double click) all insert with ON CONFLICT DO NOTHING
 * (createMany's skipDuplicates) and read the one row that won: a plain upsert is a read then an
 * insert in Prisma, and the loser of that race failed on the unique key.
 */
async function ensureRow(db: Db, userId: string): Promise<NotificationSettings> {
  const existing = await db.notificationSettings.findUnique({ where: { userId } });
  if (existing) return existing;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, settings: { select: { notificationEmail: true } } },
  });
  if (!user) throw new Error(`No user ${userId}`);
  await db.notificationSettings.createMany({
    data: [
      {
        userId,
        email: user.settings?.notificationEmail ?? user.email,
        webhookSecret: newSecret(),
      },
    ],
    skipDuplicates: true,
  });
  return db.notificationSettings.findUniqueOrThrow({ where: { userId } });
}

export async function getNotificationSettings(
  db: Db,
  userId: string,
): Promise<NotificationSettingsView> {
  return toView(await ensureRow(db, userId));
}

function normaliseEmail(email: string | null): string | null {
  const trimmed = email?.trim().toLowerCase() ?? '';
  return trimmed === '' ? null : trimmed;
}

export async function updateNotificationSettings(
  db: Db,
  userId: string,
  patch: NotificationSettingsPatch,
): Promise<NotificationSettingsView> {
  const current = await ensureRow(db, userId);
  const data: Partial<NotificationSettings> = {};

  if (patch.email !== undefined) {
    const email = normaliseEmail(patch.email);
    if (email !== current.email) {
      data.email = email;
      // A new address must prove itself again; links sent to the old one stop working.
      data.emailVerifiedAt = null;
    }
  }
  // The caller checked the URL against the webhook policy (@coinview/webhooks/url-policy).
  if (patch.webhookUrl !== undefined) data.webhookUrl = patch.webhookUrl?.trim() || null;
  if (patch.emailEnabled !== undefined) data.emailEnabled = patch.emailEnabled;
  if (patch.inAppEnabled !== undefined) data.inAppEnabled = patch.inAppEnabled;
  if (patch.webhookEnabled !== undefined) data.webhookEnabled = patch.webhookEnabled;
  if (patch.defaultTemplate !== undefined)
    data.defaultTemplate = patch.defaultTemplate?.trim() || null;

  const webhookUrl = data.webhookUrl !== undefined ? data.webhookUrl : current.webhookUrl;
  const webhookEnabled = data.webhookEnabled ?? current.webhookEnabled;
  if (webhookEnabled && !webhookUrl)
    throw new NotificationSettingsInvalidError('webhookUrl', 'Enter the URL to send alerts to');

  const row = await db.$transaction(async (tx) => {
    if (data.email !== undefined) await tx.alertEmailVerification.deleteMany({ where: { userId } });
    return tx.notificationSettings.update({ where: { userId }, data });
  });
  return toView(row);
}

/** What decides a fire's channels (the rule engine reads it at fire time). */
export interface ChannelSettings {
  email: string | null;
  emailVerifiedAt: Date | null;
  emailEnabled: boolean;
  inAppEnabled: boolean;
  webhookUrl: string | null;
  webhookEnabled: boolean;
  /** Set once the user linked a chat by sending the bot their code. */
  telegramChatId: string | null;
  telegramEnabled: boolean;
}

const CHANNEL_SETTINGS_SELECT = {
  email: true,
  emailVerifiedAt: true,
  emailEnabled: true,
  inAppEnabled: true,
  webhookUrl: true,
  webhookEnabled: true,
  telegramChatId: true,
  telegramEnabled: true,
} satisfies Prisma.NotificationSettingsSelect;

/** The user's channel switches as stored; null when the user never saved settings. */
export async function getChannelSettings(db: Db, userId: string): Promise<ChannelSettings | null> {
  return db.notificationSettings.findUnique({ where: { userId }, select: CHANNEL_SETTINGS_SELECT });
}

/**
 * The channel switches of an order's owner, in the caller's transaction (an order's notices are
 * queued with the change they announce); null when the owner never saved settings.
 */
export async function getChannelSettingsOfOrder(
  tx: Prisma.TransactionClient,
  orderId: string,
): Promise<ChannelSettings | null> {
  const order = await tx.order.findUnique({
    where: { id: orderId },
    select: { user: { select: { notificationSettings: { select: CHANNEL_SETTINGS_SELECT } } } },
  });
  return order?.user.notificationSettings ?? null;
}

/**
 * Many users' channel switches in one query (a bar's fires), by user id; a user who never saved
 * settings is absent.
 */
export async function getChannelSettingsOfUsers(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, ChannelSettings>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.notificationSettings.findMany({
    where: { userId: { in: [...new Set(userIds)] } },
    select: { userId: true, ...CHANNEL_SETTINGS_SELECT },
  });
  return new Map(rows.map(({ userId, ...settings }) => [userId, settings]));
}

/** Replaces the webhook signing secret and returns it: the only time it is shown. */
export async function rotateWebhookSecret(db: Db, userId: string): Promise<{ secret: string }> {
  await ensureRow(db, userId);
  const secret = newSecret();
  await db.notificationSettings.update({ where: { userId }, data: { webhookSecret: secret } });
  return { secret };
}

/** The webhook target and secret, for the delivery code (never for a browser). */
export async function getWebhookTarget(
  db: Db,
  userId: string,
): Promise<{ url: string | null; secret: string }> {
  const row = await ensureRow(db, userId);
  return { url: row.webhookUrl, secret: row.webhookSecret };
}

/**
 * A fresh verification token for the current alert email (earlier ones stop working); null when
 * there is no email or it is already verified. The token goes in the link; only its hash is kept.
 */
export async function createEmailVerification(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ token: string; email: string; expiresAt: Date } | null> {
  const settings = await ensureRow(db, userId);
  if (!settings.email || settings.emailVerifiedAt) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS);
  await db.$transaction([
    db.alertEmailVerification.deleteMany({ where: { userId } }),
    db.alertEmailVerification.create({
      data: { tokenHash: hashVerificationToken(token), userId, email: settings.email, expiresAt },
    }),
  ]);
  return { token, email: settings.email, expiresAt };
}

/** The address of a verification link sent to the user after `since`, if any (for a cooldown). */
export async function findEmailVerificationSentAfter(
  db: Db,
  userId: string,
  since: Date,
): Promise<{ email: string } | null> {
  return db.alertEmailVerification.findFirst({
    where: { userId, createdAt: { gt: since } },
    select: { email: true },
  });
}

export type EmailVerificationResult =
  | { ok: true; userId: string; email: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'changed' };

/** Checks a link's token and marks the address verified. A token works once. */
export async function verifyAlertEmail(
  db: Db,
  token: string,
  now = new Date(),
): Promise<EmailVerificationResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'invalid' };
  const tokenHash = hashVerificationToken(token);
  return db.$transaction(async (tx) => {
    // Deleting first makes the token single-use even when the link is opened twice at once.
    const [row] = await tx.$queryRaw<{ userId: string; email: string; expiresAt: Date }[]>`
      DELETE FROM "AlertEmailVerification" WHERE "tokenHash" = ${tokenHash}
      RETURNING "userId", "email", "expiresAt"`;
    if (!row) return { ok: false, reason: 'invalid' } as const;
    if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' } as const;
    const { count } = await tx.notificationSettings.updateMany({
      where: { userId: row.userId, email: row.email },
      data: { emailVerifiedAt: now },
    });
    if (count === 0) return { ok: false, reason: 'changed' } as const;
    return { ok: true, userId: row.userId, email: row.email } as const;
  });
}
