// Server-side records of signed-in sessions. Sessions are JWTs (next-auth's Credentials provider
// requires them), which nothing can revoke by themselves: every token carries the id of one of
// these rows and is honoured only while the row exists and has not expired. Signing out deletes
// the row; a password change deletes the user's other rows; deleting the account deletes them all
// (cascade). The table is the Auth.js adapter's own `Session` model, unused by JWT sessions
// otherwise: its `sessionToken` is the id carried in the JWT.
import { randomBytes } from 'node:crypto';
import type { Db } from './client';

export interface SessionRecord {
  id: string;
  userId: string;
  expires: number;
}

/** Records a new session for `userId`; its id goes into the session token. */
export async function createSession(
  db: Db,
  input: { userId: string; maxAgeSeconds: number },
): Promise<SessionRecord> {
  // The user's expired records go as a new one comes: the table never grows past what is live.
  await db.session.deleteMany({ where: { userId: input.userId, expires: { lt: new Date() } } });
  const row = await db.session.create({
    data: {
      // 256 random bits: the id is also the handle to revoke, so it must not be guessable.
      sessionToken: randomBytes(32).toString('base64url'),
      userId: input.userId,
      expires: new Date(Date.now() + input.maxAgeSeconds * 1000),
    },
  });
  return { id: row.sessionToken, userId: row.userId, expires: row.expires.getTime() };
}

/** True while the session exists, belongs to `userId` and has not expired (one key lookup). */
export async function isSessionActive(db: Db, id: string, userId: string): Promise<boolean> {
  const row = await db.session.findUnique({
    where: { sessionToken: id },
    select: { userId: true, expires: true },
  });
  return !!row && row.userId === userId && row.expires.getTime() > Date.now();
}

/** Ends one session (sign-out). Unknown ids are ignored. */
export async function revokeSession(db: Db, id: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: id } });
}

/**
 * Ends every session of the user except `keepId` (a password change, "sign out everywhere else");
 * returns how many of them were still live.
 */
export async function revokeOtherSessions(
  db: Db,
  userId: string,
  keepId: string | null,
): Promise<number> {
  const others = { userId, ...(keepId ? { NOT: { sessionToken: keepId } } : {}) };
  const [live] = await db.$transaction([
    db.session.count({ where: { ...others, expires: { gt: new Date() } } }),
    db.session.deleteMany({ where: others }),
  ]);
  return live;
}

/** How many unexpired sessions the user has besides `exceptId`. */
export function countOtherSessions(
  db: Db,
  userId: string,
  exceptId: string | null,
): Promise<number> {
  return db.session.count({
    where: {
      userId,
      expires: { gt: new Date() },
      ...(exceptId ? { NOT: { sessionToken: exceptId } } : {}),
    },
  });
}
