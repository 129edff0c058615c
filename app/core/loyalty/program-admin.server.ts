import type { Db, Tx } from "~/db/prisma.server";
import { enqueueCheckoutDiscountUpkeep } from "./checkout-discount.server";
import { enqueueMembersDueAgain } from "./due.job.server";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "./program-settings";
import { saveProgram, settingsVersion } from "./program.server";

// The merchant's changes to the program: new settings, or the switch. Each is a new settings
// version (saveProgram); the program's row is locked first, so two saves at once number their
// versions one after the other instead of colliding. Each version also queues the upkeep of the
// shop's checkout discount on the platform (checkout-discount.server.ts), and, for a program that
// is on, brings its members due again under the new version (due.job.server.ts).

async function lockedProgram(tx: Tx, shopId: string) {
  await tx.$queryRaw`SELECT id FROM "LoyaltyProgram" WHERE "shopId" = ${shopId}::uuid FOR UPDATE`;
  return tx.loyaltyProgram.findUnique({ where: { shopId } });
}

/** The settings in force and their version; a shop without a program yet starts from the defaults. */
export async function currentSettings(db: Db, shopId: string): Promise<{ settings: ProgramSettings; version: number | null }> {
  const program = await db.loyaltyProgram.findUnique({ where: { shopId } });
  if (!program) return { settings: DEFAULT_PROGRAM_SETTINGS, version: null };
  return { settings: await settingsVersion(db, program.id, program.version), version: program.version };
}

/** Saves settings as the next version; a shop's first settings make its program, switched off. */
export async function saveProgramSettings(db: Db, shopId: string, settings: ProgramSettings): Promise<{ version: number }> {
  return db.$transaction(async (tx) => {
    const program = await lockedProgram(tx, shopId);
    const saved = await saveProgram(tx, shopId, { settings, enabled: program?.enabled ?? false });
    await enqueueCheckoutDiscountUpkeep(tx, shopId, saved.version);
    if (saved.enabled) await enqueueMembersDueAgain(tx, shopId, saved.version);
    return { version: saved.version };
  });
}

/** Switches the program on (orders paid from `startedAt` earn) or off; null when there is none yet. */
export async function switchProgram(
  db: Db,
  shopId: string,
  input: { enabled: true; startedAt: Date } | { enabled: false },
): Promise<{ version: number; enabled: boolean } | null> {
  return db.$transaction(async (tx) => {
    const program = await lockedProgram(tx, shopId);
    if (!program) return null;
    const settings = await settingsVersion(tx, program.id, program.version);
    const saved = await saveProgram(tx, shopId, { settings, ...input });
    await enqueueCheckoutDiscountUpkeep(tx, shopId, saved.version);
    if (saved.enabled) await enqueueMembersDueAgain(tx, shopId, saved.version);
    return { version: saved.version, enabled: saved.enabled };
  });
}
