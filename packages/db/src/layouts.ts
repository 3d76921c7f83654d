// Saved chart layouts. Every function takes the owner's userId (from the session) and scopes every
// query by it: a layout id belonging to someone else behaves exactly like an id that does not
// exist (null / false), so callers cannot tell the two apart.
//
// Concurrency:
// - `version` counts state writes; `saveLayoutState` with `expectedVersion` refuses a stale write
//   (LayoutVersionConflictError) instead of overwriting what another tab saved. Renames and
//   default changes do not bump it, so they never make an open tab's autosave conflict.
// - At most one default per user is guaranteed by the partial unique index
//   "ChartLayout_userId_default_key" (userId) WHERE "isDefault". Writers that move the default
//   first lock the user's row, so two concurrent setDefault calls queue instead of one failing.
// - Never look a layout up by `{ userId }` alone with findUnique: Prisma lists the partial index
//   as a unique input, but it only covers the default row.
// `state` is validated with @coinview/core/layout before it reaches these functions.
import type { LayoutState } from '@coinview/core/layout';
import { Prisma, type Db } from './client';
import { assertUnderQuota, lockUserRow } from './quota';

export interface LayoutSummary {
  id: string;
  name: string;
  isDefault: boolean;
  version: number;
  /** Epoch ms; null when never opened. */
  lastOpenedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Layout extends LayoutSummary {
  state: LayoutState;
}

export class LayoutNameTakenError extends Error {
  constructor(readonly layoutName: string) {
    super(`You already have a layout named "${layoutName}"`);
    this.name = 'LayoutNameTakenError';
  }
}

export class LayoutVersionConflictError extends Error {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `The layout was changed elsewhere (version ${currentVersion}, this copy is version ${expectedVersion})`,
    );
    this.name = 'LayoutVersionConflictError';
  }
}

const summarySelect = {
  id: true,
  name: true,
  isDefault: true,
  version: true,
  lastOpenedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ChartLayoutSelect;
const fullSelect = { ...summarySelect, state: true } satisfies Prisma.ChartLayoutSelect;

type SummaryRow = Prisma.ChartLayoutGetPayload<{ select: typeof summarySelect }>;
type FullRow = Prisma.ChartLayoutGetPayload<{ select: typeof fullSelect }>;

function toSummary(row: SummaryRow): LayoutSummary {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    version: row.version,
    lastOpenedAt: row.lastOpenedAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

function toLayout(row: FullRow): Layout {
  // Written only through layoutStateSchema; a future schemaVersion upgrades rows here.
  return { ...toSummary(row), state: row.state as unknown as LayoutState };
}

function stateJson(state: LayoutState): Prisma.InputJsonObject {
  return state;
}

/** Serialises default changes per user (see the header). FOR NO KEY UPDATE does not block inserts. */
async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await lockUserRow(tx, userId);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/** Translates a unique violation into LayoutNameTakenError when the name is indeed taken. */
async function nameTakenOr(db: Db, userId: string, name: string, err: unknown): Promise<never> {
  if (isUniqueViolation(err)) {
    const clash = await db.chartLayout.findFirst({ where: { userId, name }, select: { id: true } });
    if (clash) throw new LayoutNameTakenError(name);
  }
  throw err;
}

/** The user's layouts, most recently changed first, without their state (see getLayout). */
export async function listLayouts(db: Db, userId: string): Promise<LayoutSummary[]> {
  const rows = await db.chartLayout.findMany({
    where: { userId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    select: summarySelect,
  });
  return rows.map(toSummary);
}

export async function getLayout(db: Db, userId: string, id: string): Promise<Layout | null> {
  const row = await db.chartLayout.findFirst({ where: { id, userId }, select: fullSelect });
  return row ? toLayout(row) : null;
}

/**
 * Saves a new layout. It counts as opened now (the user is looking at it), so openLastLayout
 * restores it. With `isDefault`, it replaces the previous default.
 */
export async function createLayout(
  db: Db,
  userId: string,
  input: { name: string; state: LayoutState; isDefault?: boolean },
  options: { now?: Date } = {},
): Promise<Layout> {
  const now = options.now ?? new Date();
  try {
    return await db.$transaction(async (tx) => {
      await lockUser(tx, userId);
      assertUnderQuota('layouts', await tx.chartLayout.count({ where: { userId } }));
      if (input.isDefault) {
        await tx.chartLayout.updateMany({
          where: { userId, isDefault: true },
          data: { isDefault: false },
        });
      }
      const row = await tx.chartLayout.create({
        data: {
          userId,
          name: input.name,
          state: stateJson(input.state),
          isDefault: input.isDefault ?? false,
          lastOpenedAt: now,
        },
        select: fullSelect,
      });
      return toLayout(row);
    });
  } catch (err) {
    return nameTakenOr(db, userId, input.name, err);
  }
}

/** Null when the user has no such layout. */
export async function renameLayout(
  db: Db,
  userId: string,
  id: string,
  name: string,
): Promise<LayoutSummary | null> {
  try {
    const { count } = await db.chartLayout.updateMany({ where: { id, userId }, data: { name } });
    if (count === 0) return null;
  } catch (err) {
    return nameTakenOr(db, userId, name, err);
  }
  const row = await db.chartLayout.findFirst({ where: { id, userId }, select: summarySelect });
  return row ? toSummary(row) : null;
}

/**
 * Autosave. With `expectedVersion`, writes only if the stored version still equals it, else
 * throws LayoutVersionConflictError; without it, the last write wins. Returns the new summary
 * (version + 1), or null when the user has no such layout.
 */
export async function saveLayoutState(
  db: Db,
  userId: string,
  id: string,
  input: { state: LayoutState; expectedVersion?: number },
): Promise<LayoutSummary | null> {
  return db.$transaction(async (tx) => {
    const where: Prisma.ChartLayoutWhereInput = { id, userId };
    if (input.expectedVersion !== undefined) where.version = input.expectedVersion;
    const { count } = await tx.chartLayout.updateMany({
      where,
      data: { state: stateJson(input.state), version: { increment: 1 } },
    });
    const row = await tx.chartLayout.findFirst({ where: { id, userId }, select: summarySelect });
    if (!row) return null;
    if (count === 0 && input.expectedVersion !== undefined)
      throw new LayoutVersionConflictError(input.expectedVersion, row.version);
    return toSummary(row);
  });
}

/** True when deleted; false when the user has no such layout. Deleting the default leaves none. */
export async function deleteLayout(db: Db, userId: string, id: string): Promise<boolean> {
  const { count } = await db.chartLayout.deleteMany({ where: { id, userId } });
  return count > 0;
}

/**
 * Makes `id` the user's only default (id null: no default). Null when the user has no such
 * layout, in which case the previous default is left as it was.
 */
export async function setDefaultLayout(
  db: Db,
  userId: string,
  id: string | null,
): Promise<LayoutSummary | null> {
  return db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    if (id !== null) {
      const target = await tx.chartLayout.findFirst({
        where: { id, userId },
        select: { id: true },
      });
      if (!target) return null;
    }
    await tx.chartLayout.updateMany({
      where: { userId, isDefault: true, ...(id === null ? {} : { id: { not: id } }) },
      data: { isDefault: false },
    });
    if (id === null) return null;
    await tx.chartLayout.updateMany({ where: { id, userId }, data: { isDefault: true } });
    const row = await tx.chartLayout.findFirst({ where: { id, userId }, select: summarySelect });
    return row ? toSummary(row) : null;
  });
}

/** The default layout's summary, or null. */
export async function getDefaultLayout(db: Db, userId: string): Promise<LayoutSummary | null> {
  const row = await db.chartLayout.findFirst({
    where: { userId, isDefault: true },
    select: summarySelect,
  });
  return row ? toSummary(row) : null;
}

/** Loads a layout the user switches to and marks it opened; null when there is no such layout. */
export async function openLayout(
  db: Db,
  userId: string,
  id: string,
  options: { now?: Date } = {},
): Promise<Layout | null> {
  const now = options.now ?? new Date();
  // Raw SQL so that opening does not bump updatedAt (Prisma's @updatedAt would): the list's
  // "most recently changed" order should not move when a layout is merely looked at.
  const count = await db.$executeRaw`
    UPDATE "ChartLayout" SET "lastOpenedAt" = ${now} WHERE "id" = ${id} AND "userId" = ${userId}`;
  return count === 0 ? null : getLayout(db, userId, id);
}

/**
 * What the app shows on start: the layout opened last, else the default, else null (the UI then
 * starts from defaultLayoutState()). Marks the one returned as opened now.
 */
export async function openLastLayout(
  db: Db,
  userId: string,
  options: { now?: Date } = {},
): Promise<Layout | null> {
  const candidate =
    (await db.chartLayout.findFirst({
      where: { userId, lastOpenedAt: { not: null } },
      orderBy: [{ lastOpenedAt: 'desc' }, { updatedAt: 'desc' }],
      select: { id: true },
    })) ??
    (await db.chartLayout.findFirst({ where: { userId, isDefault: true }, select: { id: true } }));
  if (!candidate) return null;
  // Deleted between the two statements: report none rather than a stale layout.
  return openLayout(db, userId, candidate.id, options);
}
