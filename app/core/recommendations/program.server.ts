import type { Db, Tx } from "~/db/prisma.server";
import { enqueueJob } from "~/jobs/queue.server";
import { DEFAULT_RECOMMENDATION_SETTINGS, halfLifeMs, recommendationSettingsSchema, type RecommendationSettings } from "./settings";

// The shop's recommendation engine: its settings and the totals the stored weights share. Every
// shop has one (there is no switch): it is made with the default settings the first time an order
// or the admin needs it.

export const RECOMMENDATIONS_REBUILD_JOB = "recommendations.rebuild";
/** Every stored list computed again from the stored figures (./lists-refresh.job.server.ts). */
export const RECOMMENDATIONS_LISTS_JOB = "recommendations.lists";

export interface RecommendationProgramRow {
  readonly id: string;
  readonly shopId: string;
  readonly settings: RecommendationSettings;
  /** The half-life the stored weights were built with (the settings' may differ until the rebuild). */
  readonly halfLifeMs: number;
  readonly referenceAt: Date;
  readonly totalWeight: number;
  readonly totalOrders: number;
}

/** Stored settings that no longer parse (an older version's) give way to the defaults rather than stop the engine. */
export function parseSettings(json: unknown): RecommendationSettings {
  const parsed = recommendationSettingsSchema.safeParse(json);
  return parsed.success ? parsed.data : DEFAULT_RECOMMENDATION_SETTINGS;
}

interface ProgramSqlRow {
  id: string;
  shopId: string;
  settings: unknown;
  halfLifeMs: number;
  referenceAt: Date;
  totalWeight: number;
  totalOrders: number;
}

/**
 * Makes the shop's program when it has none. A new one queues a rebuild: the shop's orders from
 * before (imported before the engine existed) reach the figures only through it.
 */
async function ensureProgram(tx: Tx, shopId: string, referenceAt: Date): Promise<void> {
  const { count } = await tx.recommendationProgram.createMany({
    data: [{ shopId, settings: DEFAULT_RECOMMENDATION_SETTINGS, halfLifeMs: halfLifeMs(DEFAULT_RECOMMENDATION_SETTINGS), referenceAt }],
    skipDuplicates: true,
  });
  if (count > 0) await enqueueRebuild(tx, shopId);
}

/**
 * The shop's program, locked for the rest of the transaction: order changes and the rebuild each
 * rewrite the shared totals and rows, so they take turns. `referenceAt` is the new program's
 * reference time (the first order's, so its weight is 1).
 */
export async function lockProgram(tx: Tx, shopId: string, referenceAt: Date): Promise<RecommendationProgramRow> {
  await ensureProgram(tx, shopId, referenceAt);
  const [row] = await tx.$queryRaw<ProgramSqlRow[]>`
    SELECT id::text, "shopId"::text, settings, "halfLifeMs", "referenceAt", "totalWeight", "totalOrders"
    FROM "RecommendationProgram" WHERE "shopId" = ${shopId}::uuid FOR UPDATE`;
  if (!row) throw new Error(`No recommendation program for shop ${shopId}`);
  return { ...row, settings: parseSettings(row.settings) };
}

/** A job queued for a shop uninstalled since finds nothing to do. */
export async function shopExists(tx: Db | Tx, shopId: string): Promise<boolean> {
  return (await tx.shop.count({ where: { id: shopId } })) > 0;
}

/** The shop's settings as the admin shows them: the defaults until the shop saved its own. */
export async function recommendationSettings(db: Db | Tx, shopId: string): Promise<RecommendationSettings> {
  const program = await db.recommendationProgram.findUnique({ where: { shopId }, select: { settings: true } });
  return program ? parseSettings(program.settings) : DEFAULT_RECOMMENDATION_SETTINGS;
}

/** Queues a full rebuild of the shop's figures and lists (the admin's button, a settings change). */
export async function enqueueRebuild(db: Db | Tx, shopId: string): Promise<boolean> {
  return enqueueJob(db, { kind: RECOMMENDATIONS_REBUILD_JOB, payload: { shopId } });
}

/** Queues the shop's lists computed anew from the stored figures now (settings that only shape the lists changed). */
export async function enqueueListsRefresh(db: Db | Tx, shopId: string): Promise<boolean> {
  return enqueueJob(db, { kind: RECOMMENDATIONS_LISTS_JOB, payload: { shopId } });
}

/**
 * Saves the shop's settings. The stored weights depend on the half-life, so a new one queues a
 * rebuild; the minimum support and k only shape the stored lists, which are computed anew from
 * the stored figures; the fallbacks and "already bought" are applied when the storefront reads.
 * Says whether figures or lists are being computed again.
 */
export async function saveRecommendationSettings(
  tx: Tx,
  shopId: string,
  input: unknown,
  now: Date,
): Promise<{ settings: RecommendationSettings; recomputing: boolean }> {
  const settings = recommendationSettingsSchema.parse(input);
  const program = await lockProgram(tx, shopId, now);
  await tx.recommendationProgram.update({ where: { id: program.id }, data: { settings } });
  if (settings.halfLifeDays !== program.settings.halfLifeDays) {
    await enqueueRebuild(tx, shopId);
    return { settings, recomputing: true };
  }
  if (settings.minSupportWeight !== program.settings.minSupportWeight || settings.k !== program.settings.k) {
    await enqueueListsRefresh(tx, shopId);
    return { settings, recomputing: true };
  }
  return { settings, recomputing: false };
}
