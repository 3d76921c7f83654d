// In-app notifications (the bell). The worker writes them (one per fire); the web lists them and
// marks them read. Every function is scoped by the owner's userId: ids of another user's
// notifications are silently ignored.
import type { Db } from './client';

interface NotificationRow {
  id: string;
  title: string;
  body: string;
  fireId: string | null;
  fire: { ruleId: string } | null;
  readAt: Date | null;
  createdAt: Date;
}

export interface NotificationView {
  id: string;
  title: string;
  body: string;
  fireId: string | null;
  /** The alert the fire belongs to, when the fire still exists. */
  ruleId: string | null;
  /** Epoch ms; null while unread. */
  readAt: number | null;
  createdAt: number;
}

/** Newest first; `before` pages back (createdAt epoch ms, exclusive). */
export async function listNotifications(
  db: Db,
  userId: string,
  opts: { limit: number; before?: number; unreadOnly?: boolean },
): Promise<NotificationView[]> {
  const rows = await db.notification.findMany({
    where: {
      userId,
      ...(opts.before === undefined ? {} : { createdAt: { lt: new Date(opts.before) } }),
      ...(opts.unreadOnly ? { readAt: null } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: opts.limit,
    include: { fire: { select: { ruleId: true } } },
  });
  return rows.map(toView);
}

function toView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    fireId: row.fireId,
    ruleId: row.fire?.ruleId ?? null,
    readAt: row.readAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
  };
}

/**
 * The user's notifications created after `afterId` (one of theirs), oldest first: what a
 * reconnecting bell missed. Empty when `afterId` is not one of the user's notifications.
 */
export async function listNotificationsAfter(
  db: Db,
  userId: string,
  afterId: string,
  limit: number,
): Promise<NotificationView[]> {
  const last = await db.notification.findFirst({
    where: { id: afterId, userId },
    select: { createdAt: true },
  });
  if (!last) return [];
  const rows = await db.notification.findMany({
    where: { userId, createdAt: { gt: last.createdAt } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    include: { fire: { select: { ruleId: true } } },
  });
  return rows.map(toView);
}

/**
 * The fire's notification, created on the first call and returned as it is on every later one
 * (an upsert on the unique fireId: concurrent attempts of a delivery cannot both insert).
 */
export async function ensureFireNotification(
  db: Db,
  data: { userId: string; fireId: string; title: string; body: string },
): Promise<{ id: string; title: string; body: string; createdAt: number }> {
  const row = await db.notification.upsert({
    where: { fireId: data.fireId },
    create: data,
    update: {},
    select: { id: true, title: true, body: true, createdAt: true },
  });
  return { ...row, createdAt: row.createdAt.getTime() };
}

/**
 * Creates the in-app notification of an order event under its own id (derived from the event),
 * unless it exists: returns it only when this call created it, so one caller announces it.
 */
export async function createOrderNotification(
  db: Db,
  data: { id: string; userId: string; title: string; body: string },
): Promise<{ id: string; createdAt: number } | null> {
  const [row] = await db.notification.createManyAndReturn({
    data: [{ ...data, title: data.title.slice(0, 200), body: data.body.slice(0, 4000) }],
    skipDuplicates: true,
    select: { id: true, createdAt: true },
  });
  return row ? { id: row.id, createdAt: row.createdAt.getTime() } : null;
}

export function countUnreadNotifications(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** Marks the user's notifications among `ids` read; returns how many changed. */
export async function markNotificationsRead(
  db: Db,
  userId: string,
  ids: string[],
  now = new Date(),
): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.notification.updateMany({
    where: { userId, id: { in: ids }, readAt: null },
    data: { readAt: now },
  });
  return count;
}

export async function markAllNotificationsRead(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { userId, readAt: null },
    data: { readAt: now },
  });
  return count;
}
