// Linking a Telegram chat to a user: the settings page asks for a one-time code
// (issueTelegramLinkCode), the user sends the bot `/start <code>`, and the worker's poller calls
// linkTelegramChat with the chat the message came from. Codes are stored hashed (SHA-256) like the
// email verification tokens, expire, and are used once; a code is never logged or returned again.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './client';

export const TELEGRAM_LINK_CODE_TTL_MS = 15 * 60 * 1000;

/** What a code looks like: 16 random bytes in base64url (Telegram's /start payload alphabet). */
export const TELEGRAM_LINK_CODE = /^[A-Za-z0-9_-]{16,64}$/;

export const hashTelegramLinkCode = (code: string): string =>
  createHash('sha256').update(code).digest('hex');

/**
 * A new link code for the user (replacing any earlier one); the user's notification settings must
 * exist. Returns the code to show once, and when it expires.
 */
export async function issueTelegramLinkCode(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const code = randomBytes(16).toString('base64url');
  const expiresAt = new Date(now.getTime() + TELEGRAM_LINK_CODE_TTL_MS);
  await db.notificationSettings.update({
    where: { userId },
    data: {
      telegramLinkCodeHash: hashTelegramLinkCode(code),
      telegramLinkCodeExpiresAt: expiresAt,
    },
  });
  return { code, expiresAt };
}

/**
 * Links `chatId` to the user whose unexpired code this is, consuming the code; false when no
 * such code (wrong, expired or already used): nothing changes then.
 */
export async function linkTelegramChat(
  db: Db,
  code: string,
  chatId: string,
  now = new Date(),
): Promise<boolean> {
  if (!TELEGRAM_LINK_CODE.test(code)) return false;
  const { count } = await db.notificationSettings.updateMany({
    where: {
      telegramLinkCodeHash: hashTelegramLinkCode(code),
      telegramLinkCodeExpiresAt: { gt: now },
    },
    data: {
      telegramChatId: chatId,
      telegramEnabled: true,
      telegramLinkedAt: now,
      telegramLinkCodeHash: null,
      telegramLinkCodeExpiresAt: null,
    },
  });
  return count > 0;
}

/** Whether some user already receives Telegram messages in this chat. */
export async function isTelegramChatLinked(db: Db, chatId: string): Promise<boolean> {
  const row = await db.notificationSettings.findFirst({
    where: { telegramChatId: chatId },
    select: { userId: true },
  });
  return row !== null;
}

/** Forgets the user's chat (and any pending code): nothing more is sent to Telegram. */
export async function unlinkTelegram(db: Db, userId: string): Promise<void> {
  await db.notificationSettings.updateMany({
    where: { userId },
    data: {
      telegramChatId: null,
      telegramEnabled: false,
      telegramLinkedAt: null,
      telegramLinkCodeHash: null,
      telegramLinkCodeExpiresAt: null,
    },
  });
}

/** What the settings page shows: whether a chat is linked (never the chat id) and since when. */
export async function getTelegramStatus(
  db: Db,
  userId: string,
): Promise<{ linked: boolean; linkedAt: number | null; codePending: boolean }> {
  const row = await db.notificationSettings.findUnique({
    where: { userId },
    select: { telegramChatId: true, telegramLinkedAt: true, telegramLinkCodeExpiresAt: true },
  });
  return {
    linked: Boolean(row?.telegramChatId),
    linkedAt: row?.telegramLinkedAt?.getTime() ?? null,
    codePending: (row?.telegramLinkCodeExpiresAt?.getTime() ?? 0) > Date.now(),
  };
}
