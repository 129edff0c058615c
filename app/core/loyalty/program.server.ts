import type { Db, Prisma, Tx } from "~/db/prisma.server";
import { programSettingsSchema, type ProgramSettings } from "./program-settings";

// A shop's program and its settings versions.

export interface ActiveProgram {
  id: string;
  shopId: string;
  version: number;
  startedAt: Date;
  settings: ProgramSettings;
}

/** The shop's program when it is switched on, with the settings version in force. */
export async function activeProgram(tx: Tx | Db, shopId: string): Promise<ActiveProgram | null> {
  const program = await tx.loyaltyProgram.findUnique({ where: { shopId } });
  if (!program?.enabled) return null;
  return { ...program, settings: await settingsVersion(tx, program.id, program.version) };
}

/** The settings of one version (a clawback reads the version that earned). */
export async function settingsVersion(tx: Tx | Db, programId: string, version: number): Promise<ProgramSettings> {
  const row = await tx.loyaltyProgramVersion.findUniqueOrThrow({ where: { programId_version: { programId, version } } });
  return programSettingsSchema.parse(row.settings);
}

/**
 * Saves settings as the program's next version (the first makes the program) and switches it on
 * or off. Orders paid before `startedAt` earn nothing.
 */
export async function saveProgram(
  tx: Tx,
  shopId: string,
  input: { settings: ProgramSettings; enabled: boolean; startedAt?: Date },
): Promise<ActiveProgram & { enabled: boolean }> {
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

