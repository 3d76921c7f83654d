// A user's chart drawings, one set per symbol (every interval and layout of the symbol shows it).
// Every function takes the owner's userId (from the session) and scopes every query by it; sets
// are named by symbol, and a symbol another user drew on looks exactly like one nobody drew on
// (version 0, no drawings), so a caller can neither reach nor detect someone else's set.
//
// The chart autosaves the whole set after each edit, with the version it last read:
// - `saveDrawings` writes only when the stored version still equals `expectedVersion`, else it
//   throws DrawingsVersionConflictError carrying the current version: another tab's save is never
//   silently overwritten. No row is version 0, so the first save sends 0.
// - Writers lock the user's row first (FOR NO KEY UPDATE, as the quotas do), so two first saves
//   of one symbol queue: the second finds version 1 and conflicts. The unique (userId, symbol)
//   index is the backstop.
// - A cleared set keeps its row, holding [] (drawingCount 0), so its version goes on counting. Were
//   it deleted, versions 1, 2… would be handed out again and a tab still holding an old number
//   could overwrite the new set. Only the oldest emptied rows beyond DRAWINGS_LIMITS.emptiedKept
//   are removed, when a new symbol gets drawings: a stale tab on such a symbol gets a conflict
//   (version 0), unless it sat unsaved while 200 other sets were emptied and this symbol's new
//   set then climbed back to its number, which we accept.
//
// Drawings are checked with core's drawingSchema on the way in (parseDrawingSet, which the API's
// input uses too) and again on the way out: a stored drawing that no longer passes is left out of
// what getDrawings returns and described in `unreadable` for the caller to log, so one bad
// drawing never stops a chart from opening and the rest of the set still shows.
import {
  describeDrawingError,
  drawingSchema,
  type Drawing,
  type DrawingInput,
} from '@coinview/core/drawings';
import { followDrawings } from '@coinview/core/rules/drawing-lines';
import { alertRuleSchema } from '@coinview/core/rules/rule';
import { type Db, Prisma } from './client';
import { lockUserRow } from './quota';

export const DRAWINGS_LIMITS = {
  /** Drawings on one symbol. */
  perSymbol: 500,
  /** Symbols with at least one drawing, per user. */
  symbols: 200,
  /** Emptied sets kept per user so their versions go on counting (see the header). */
  emptiedKept: 200,
} as const;

export interface DrawingSet {
  drawings: Drawing[];
  /** Writes so far; 0 when the user never drew on the symbol. */
  version: number;
  /** Stored drawings left out because they fail core's schema, described for the log. */
  unreadable: string[];
}

export interface DrawingSymbol {
  symbol: string;
  /** Drawings on the symbol (at least one). */
  count: number;
  /** Epoch ms of the last save. */
  updatedAt: number;
}

export class DrawingsVersionConflictError extends Error {
  constructor(
    readonly symbol: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `Your drawings on ${symbol} were changed elsewhere (version ${currentVersion}, this copy is version ${expectedVersion})`,
    );
    this.name = 'DrawingsVersionConflictError';
  }
}

/** The user already has drawings on DRAWINGS_LIMITS.symbols other symbols. */
export class DrawingsQuotaError extends Error {
  constructor() {
    super(
      `You have drawings on ${DRAWINGS_LIMITS.symbols} symbols, the most one account can have. Clear the drawings of one to draw on another.`,
    );
    this.name = 'DrawingsQuotaError';
  }
}

/** The set is not a valid list of drawings; `message` says what to fix. */
export class DrawingsInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrawingsInvalidError';
  }
}

export type DrawingSetParse =
  { success: true; drawings: Drawing[] } | { success: false; message: string };

/**
 * Checks a whole set: a list of at most DRAWINGS_LIMITS.perSymbol drawings, each valid for core's
 * drawingSchema (the first bad one is named, with core's words), no id used twice.
 */
export function parseDrawingSet(value: unknown): DrawingSetParse {
  if (!Array.isArray(value)) return { success: false, message: 'Drawings are sent as a list' };
  if (value.length > DRAWINGS_LIMITS.perSymbol)
    return {
      success: false,
      message: `At most ${DRAWINGS_LIMITS.perSymbol} drawings on one symbol: delete some to draw more`,
    };
  const drawings: Drawing[] = [];
  const ids = new Set<string>();
  for (const [index, item] of value.entries()) {
    const result = drawingSchema.safeParse(item);
    if (!result.success)
      return {
        success: false,
        message: `Drawing ${index + 1}: ${describeDrawingError(result.error)}`,
      };
    if (ids.has(result.data.id))
      return {
        success: false,
        message: `Two drawings have the id "${result.data.id}": each drawing needs its own id`,
      };
    ids.add(result.data.id);
    drawings.push(result.data);
  }
  return { success: true, drawings };
}

/** What a stored set still holds that passes core's schema, and why the rest does not. */
function readStoredSet(value: Prisma.JsonValue): Omit<DrawingSet, 'version'> {
  if (!Array.isArray(value)) return { drawings: [], unreadable: ['(set): not a list'] };
  const drawings: Drawing[] = [];
  const unreadable: string[] = [];
  const ids = new Set<string>();
  for (const [index, item] of value.entries()) {
    const result = drawingSchema.safeParse(item);
    if (!result.success) unreadable.push(`${index}: ${describeDrawingError(result.error)}`);
    else if (ids.has(result.data.id)) unreadable.push(`${index}: id "${result.data.id}" again`);
    else {
      ids.add(result.data.id);
      drawings.push(result.data);
    }
  }
  return { drawings, unreadable };
}

const bySymbol = (userId: string, symbol: string) => ({ userId_symbol: { userId, symbol } });

/** The user's drawings on `symbol`; version 0 and none when the user never drew on it. */
export async function getDrawings(db: Db, userId: string, symbol: string): Promise<DrawingSet> {
  const row = await db.chartDrawings.findUnique({
    where: bySymbol(userId, symbol),
    select: { drawings: true, version: true },
  });
  if (!row) return { drawings: [], version: 0, unreadable: [] };
  return { ...readStoredSet(row.drawings), version: row.version };
}

/**
 * Replaces the user's set on `symbol` if it is still at `expectedVersion` (0: none saved yet) and
 * returns the new version. Throws DrawingsInvalidError (see parseDrawingSet),
 * DrawingsVersionConflictError, or DrawingsQuotaError when it would be the user's drawings on one
 * symbol too many; nothing is written then. Saving [] where nothing was saved writes nothing and
 * answers version 0.
 */
export async function saveDrawings(
  db: Db,
  userId: string,
  symbol: string,
  drawings: readonly DrawingInput[],
  expectedVersion: number,
): Promise<SavedDrawings> {
  const parsed = parseDrawingSet(drawings);
  if (!parsed.success) throw new DrawingsInvalidError(parsed.message);
  try {
    return await writeSet(db, userId, symbol, parsed.drawings, expectedVersion);
  } catch (err) {
    // The lock makes this unreachable; should a first save still lose the race on the unique
    // index, it is the conflict it is, not a database error.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const { version } = await getDrawings(db, userId, symbol);
      throw new DrawingsVersionConflictError(symbol, expectedVersion, version);
    }
    throw err;
  }
}

async function writeSet(
  db: Db,
  userId: string,
  symbol: string,
  set: Drawing[],
  expectedVersion: number,
): Promise<SavedDrawings> {
  return db.$transaction(async (tx) => {
    await lockUserRow(tx, userId);
    const row = await tx.chartDrawings.findUnique({
      where: bySymbol(userId, symbol),
      select: { id: true, version: true },
    });
    const current = row?.version ?? 0;
    if (current !== expectedVersion)
      throw new DrawingsVersionConflictError(symbol, expectedVersion, current);
    if (set.length > 0) {
      const others = await tx.chartDrawings.count({
        where: { userId, symbol: { not: symbol }, drawingCount: { gt: 0 } },
      });
      if (others >= DRAWINGS_LIMITS.symbols) throw new DrawingsQuotaError();
    }
    const data = { drawings: set as Prisma.InputJsonArray, drawingCount: set.length };
    if (!row) {
      if (set.length === 0) return { version: 0, movedAlerts: [] };
      await pruneEmptied(tx, userId);
      await tx.chartDrawings.create({ data: { userId, symbol, ...data, version: 1 } });
      return { version: 1, movedAlerts: await followingAlerts(tx, userId, symbol, set) };
    }
    await tx.chartDrawings.update({
      where: { id: row.id },
      data: { ...data, version: { increment: 1 } },
    });
    return { version: current + 1, movedAlerts: await followingAlerts(tx, userId, symbol, set) };
  });
}

export interface SavedDrawings {
  version: number;
  /** The user's alert rules on this symbol whose lines moved with their drawings (to reload). */
  movedAlerts: string[];
}

/**
 * Alerts made from a drawing follow it (core's followDrawings): each of the user's rules on the
 * symbol with a line naming one of these drawings takes the drawing's current points, in the same
 * transaction as the drawings, its version bumped and its status left as it is. Rules that do not
 * parse are left alone (the rule engine skips them too).
 */
async function followingAlerts(
  tx: Prisma.TransactionClient,
  userId: string,
  symbol: string,
  set: Drawing[],
): Promise<string[]> {
  const rules = await tx.alertRule.findMany({
    where: { userId, symbol },
    select: { id: true, definition: true },
  });
  const moved: string[] = [];
  for (const rule of rules) {
    if (!JSON.stringify(rule.definition).includes('"drawingId"')) continue;
    const parsed = alertRuleSchema.safeParse(rule.definition);
    if (!parsed.success) continue;
    const condition = followDrawings(parsed.data.condition, set);
    if (!condition) continue;
    await tx.alertRule.update({
      where: { id: rule.id },
      data: {
        definition: {
          ...(rule.definition as Prisma.JsonObject),
          condition,
        },
        version: { increment: 1 },
      },
    });
    moved.push(rule.id);
  }
  return moved;
}

/** Empties the user's set on `symbol` (a save of []): same versions, conflicts and answer. */
export async function clearDrawings(
  db: Db,
  userId: string,
  symbol: string,
  expectedVersion: number,
): Promise<SavedDrawings> {
  return saveDrawings(db, userId, symbol, [], expectedVersion);
}

/**
 * Removes the user's oldest emptied sets beyond what is kept (inside the caller's lock). Rows are
 * only added here, by a first save, so a user never holds more than `symbols` + `emptiedKept`.
 */
async function pruneEmptied(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  const stale = await tx.chartDrawings.findMany({
    where: { userId, drawingCount: 0 },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    skip: DRAWINGS_LIMITS.emptiedKept,
    select: { id: true },
  });
  if (stale.length > 0)
    await tx.chartDrawings.deleteMany({ where: { userId, id: { in: stale.map((r) => r.id) } } });
}

/** The symbols the user has drawings on, most recently saved first. */
export async function listDrawingSymbols(db: Db, userId: string): Promise<DrawingSymbol[]> {
  const rows = await db.chartDrawings.findMany({
    where: { userId, drawingCount: { gt: 0 } },
    orderBy: [{ updatedAt: 'desc' }, { symbol: 'asc' }],
    select: { symbol: true, drawingCount: true, updatedAt: true },
  });
  return rows.map((row) => ({
    symbol: row.symbol,
    count: row.drawingCount,
    updatedAt: row.updatedAt.getTime(),
  }));
}
