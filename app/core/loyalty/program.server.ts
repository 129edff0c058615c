import type { Db, Prisma, Tx } from "~/db/prisma.server";
import { transactionMemo } from "~/db/transaction-memo";
import { programSettingsSchema, type ProgramSettings } from "./program-settings";

// A shop's program and its settings versions.

export interface ActiveProgram {
  id: string;
  shopId: string;
  version: number;
  startedAt: Date;
  settings: ProgramSettings;
  /**
   * Since when the expiry rule in force has been in force, when it came with a later version: an
   * inactivity rule switched on today counts members' inactivity from today, never
   * retroactively. Null when the program has had it from its first version.
   */
  expirySince: Date | null;
}

/** The shop's program when it is switched on, with the settings version in force. */
export function activeProgram(tx: Tx | Db, shopId: string): Promise<ActiveProgram | null> {
  return programInForce(tx, shopId, { evenIfOff: false });
}

// A delivery job hands the program many facts of one shop in one transaction (a fact never
// changes the program).
const programInTransaction = transactionMemo<ActiveProgram | null>();

/** activeProgram, read once per transaction and shop. */
export function activeProgramOnce(tx: Tx, shopId: string): Promise<ActiveProgram | null> {
  return programInTransaction(tx, shopId, () => activeProgram(tx, shopId));
}

/** The shop's program with its settings in force; `evenIfOff` for one not switched on yet (an import before launch). */
export async function programInForce(tx: Tx | Db, shopId: string, options: { evenIfOff: boolean }): Promise<ActiveProgram | null> {
  const program = await tx.loyaltyProgram.findUnique({ where: { shopId } });
  if (!program || (!program.enabled && !options.evenIfOff)) return null;
  return { ...program, ...(await settingsInForce(tx, program.id, program.version)) };
}

type SettingsInForce = Pick<ActiveProgram, "settings" | "expirySince">;

// Every fact the program takes asks for its settings. A version is never changed once written,
// so what a program's versions up to one number say is worked out once per process: the demo's
// history (28,000 facts) read and parsed every version for each of them.
const settingsCache = new Map<string, SettingsInForce>();
const SETTINGS_CACHE_SIZE = 500;

async function settingsInForce(tx: Tx | Db, programId: string, version: number): Promise<SettingsInForce> {
  const key = `${programId}:${version}`;
  const cached = settingsCache.get(key);
  if (cached) return cached;
  const versions = await tx.loyaltyProgramVersion.findMany({
    where: { programId, version: { lte: version } },
    orderBy: { version: "desc" },
    select: { settings: true, createdAt: true },
  });
  const settings = programSettingsSchema.parse(versions[0]?.settings);
  const resolved = { settings, expirySince: expiryRuleSince(settings, versions) };
  // Oldest first out: a map iterates in insertion order.
  if (settingsCache.size >= SETTINGS_CACHE_SIZE) settingsCache.delete(settingsCache.keys().next().value!);
  settingsCache.set(key, resolved);
  return resolved;
}

/** The creation of the oldest of the latest versions that all have the current expiry rule; null when all have it. */
function expiryRuleSince(current: ProgramSettings, newestFirst: ReadonlyArray<{ settings: unknown; createdAt: Date }>): Date | null {
  const rule = JSON.stringify(current.expiry);
  let since = newestFirst[0]!.createdAt;
  for (const version of newestFirst) {
    const parsed = programSettingsSchema.safeParse(version.settings);
    if (!parsed.success || JSON.stringify(parsed.data.expiry) !== rule) return since;
    since = version.createdAt;
  }
  return null;
}

/** The settings of one version (a clawback reads the version that earned). */
export async function settingsVersion(tx: Tx | Db, programId: string, version: number): Promise<ProgramSettings> {
  return (await settingsInForce(tx, programId, version)).settings;
}

/**
 * Saves settings as the program's next version (the first makes the program) and switches it on
 * or off. Orders paid before `startedAt` earn nothing.
 */
export async function saveProgram(
  tx: Tx,
  shopId: string,
  input: { settings: ProgramSettings; enabled: boolean; startedAt?: Date },
): Promise<Omit<ActiveProgram, "expirySince"> & { enabled: boolean }> {
  const settings = programSettingsSchema.parse(input.settings);
  const existing = await tx.loyaltyProgram.findUnique({ where: { shopId } });
  const version = (existing?.version ?? 0) + 1;
  const program = existing
    ? await tx.loyaltyProgram.update({
        where: { id: existing.id },
        data: { version, enabled: input.enabled, ...(input.startedAt ? { startedAt: input.startedAt } : {}) },
      })
    : await tx.loyaltyProgram.create({ data: { shopId, version, enabled: input.enabled, ...(input.startedAt ? { startedAt: input.startedAt } : {}) } });
  await tx.loyaltyProgramVersion.create({
    data: { programId: program.id, version, settings: settings as unknown as Prisma.InputJsonObject },
  });
  return { ...program, settings };
}

