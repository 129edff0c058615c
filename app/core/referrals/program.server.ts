import type { Db, Prisma, Tx } from "~/db/prisma.server";
import { DEFAULT_REFERRAL_SETTINGS, parseReferralSettings, referralSettingsSchema, type ReferralSettings } from "./program-settings";

// A shop's referral program: switched on or off, and its settings (one row per shop). A referral
// copies the rewards it was promised, so the settings are simply replaced when saved.

export interface ReferralProgramState {
  enabled: boolean;
  settings: ReferralSettings;
  startedAt: Date;
}

export async function referralProgram(db: Db | Tx, shopId: string): Promise<ReferralProgramState | null> {
  const program = await db.referralProgram.findUnique({ where: { shopId }, select: { enabled: true, settings: true, startedAt: true } });
  return program && { enabled: program.enabled, settings: parseReferralSettings(program.settings), startedAt: program.startedAt };
}

/** The program when it is switched on, else null. */
export async function activeReferralProgram(db: Db | Tx, shopId: string): Promise<ReferralProgramState | null> {
  const program = await referralProgram(db, shopId);
  return program?.enabled ? program : null;
}

const storedSettings = (settings: ReferralSettings) => referralSettingsSchema.parse(settings) as unknown as Prisma.InputJsonObject;

/** Saves the settings; a shop's first save makes its program, switched off. */
export async function saveReferralSettings(db: Db | Tx, shopId: string, settings: ReferralSettings): Promise<void> {
  const stored = storedSettings(settings);
  await db.referralProgram.upsert({ where: { shopId }, create: { shopId, settings: stored }, update: { settings: stored } });
}

/** Switches the program on or off; switching on a program never saved starts it with the default settings. */
export async function setReferralProgramEnabled(db: Db | Tx, shopId: string, enabled: boolean): Promise<void> {
  await db.referralProgram.upsert({
    where: { shopId },
    create: { shopId, enabled, settings: storedSettings(DEFAULT_REFERRAL_SETTINGS) },
    update: { enabled },
  });
}
