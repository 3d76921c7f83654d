// Accounts and per-user settings. Every read and write is scoped by the userId the caller passes
// (from the session), never by anything the browser sends. Emails are stored as given: callers
// normalise them first (core's credentialsSchema lowercases).
import { Prisma, type Db } from './client';

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`An account with the email ${email} already exists`);
    this.name = 'EmailTakenError';
  }
}

export interface UserAccount {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string | null;
  emailVerified: number | null;
  createdAt: number;
}

export interface UserSettingsView {
  displayName: string | null;
  notificationEmail: string | null;
  /** IANA zone every time is shown in; null until chosen (or set from the browser). */
  timeZone: string | null;
  /** The account's sign-in email (read-only here). */
  email: string;
}

const accountSelect = {
  id: true,
  email: true,
  name: true,
  passwordHash: true,
  emailVerified: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

function toAccount(row: Prisma.UserGetPayload<{ select: typeof accountSelect }>): UserAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.passwordHash,
    emailVerified: row.emailVerified?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
  };
}

/** Creates the user and its settings (displayName = name) atomically; EmailTakenError on a duplicate. */
export async function createUserWithPassword(
  db: Db,
  input: { email: string; name: string; passwordHash: string },
): Promise<UserAccount> {
  try {
    const row = await db.user.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash: input.passwordHash,
        settings: { create: { displayName: input.name } },
      },
      select: accountSelect,
    });
    return toAccount(row);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
      throw new EmailTakenError(input.email);
    throw err;
  }
}

export async function findUserByEmail(db: Db, email: string): Promise<UserAccount | null> {
  const row = await db.user.findUnique({ where: { email }, select: accountSelect });
  return row ? toAccount(row) : null;
}

export async function findUserById(db: Db, id: string): Promise<UserAccount | null> {
  const row = await db.user.findUnique({ where: { id }, select: accountSelect });
  return row ? toAccount(row) : null;
}

/** Null when no such user. Users created by the Auth.js adapter may have no settings row yet. */
export async function getSettings(db: Db, userId: string): Promise<UserSettingsView | null> {
  const row = await db.user.findUnique({
    where: { id: userId },
    select: {
      email: true,
      settings: { select: { displayName: true, notificationEmail: true, timeZone: true } },
    },
  });
  if (!row) return null;
  return {
    displayName: row.settings?.displayName ?? null,
    notificationEmail: row.settings?.notificationEmail ?? null,
    timeZone: row.settings?.timeZone ?? null,
    email: row.email,
  };
}

export async function updateSettings(
  db: Db,
  userId: string,
  input: { displayName: string | null; notificationEmail: string | null },
): Promise<UserSettingsView> {
  const data = { displayName: input.displayName, notificationEmail: input.notificationEmail };
  const row = await db.userSettings.upsert({
    where: { userId },
    create: { userId, ...data },
    update: data,
    select: settingsSelect,
  });
  return toSettingsView(row);
}

const settingsSelect = {
  displayName: true,
  notificationEmail: true,
  timeZone: true,
  user: { select: { email: true } },
} satisfies Prisma.UserSettingsSelect;

function toSettingsView(
  row: Prisma.UserSettingsGetPayload<{ select: typeof settingsSelect }>,
): UserSettingsView {
  return {
    displayName: row.displayName,
    notificationEmail: row.notificationEmail,
    timeZone: row.timeZone,
    email: row.user.email,
  };
}

/** Sets (or, for an account created by a sign-in link, first sets) the password hash. */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { passwordHash } });
}

/**
 * Deletes the account and everything it owns, in one transaction. Rows with a `userId` go by the
 * schema's cascades (sessions, sign-in accounts, settings, layouts, watchlist, alert rules, fires,
 * deliveries, notifications, notification settings, email verifications); outbox emails (kept on
 * user deletion by their SetNull relation) and sign-in link tokens, which name the address rather
 * than the user, are deleted here. Returns false when there was no such user.
 */
export async function deleteUserAccount(db: Db, userId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) return false;
    await tx.emailOutbox.deleteMany({
      // Sign-in links mailed before the account existed carry the address but no userId.
      where: { OR: [{ userId }, { userId: null, to: user.email }] },
    });
    await tx.verificationToken.deleteMany({ where: { identifier: user.email } });
    await tx.user.delete({ where: { id: userId } });
    return true;
  });
}

/**
 * Sets the user's time zone (an IANA name the caller has validated). With `onlyIfUnset`, a zone
 * already chosen is kept: the browser's zone is stored on a first visit without overwriting a
 * choice made on another device.
 */
export async function setTimeZone(
  db: Db,
  userId: string,
  timeZone: string,
  options: { onlyIfUnset?: boolean } = {},
): Promise<UserSettingsView> {
  if (options.onlyIfUnset) {
    await db.userSettings.upsert({ where: { userId }, create: { userId, timeZone }, update: {} });
    await db.userSettings.updateMany({ where: { userId, timeZone: null }, data: { timeZone } });
  } else {
    await db.userSettings.upsert({
      where: { userId },
      create: { userId, timeZone },
      update: { timeZone },
    });
  }
  const row = await db.userSettings.findUniqueOrThrow({
    where: { userId },
    select: settingsSelect,
  });
  return toSettingsView(row);
}

/** The user's time zone as stored (null when none was chosen, or no such user). */
export async function getTimeZone(db: Db, userId: string): Promise<string | null> {
  const row = await db.userSettings.findUnique({ where: { userId }, select: { timeZone: true } });
  return row?.timeZone ?? null;
}
