import type { Db, Tx } from "~/db/prisma.server";
import { transactionMemo } from "~/db/transaction-memo";
import { parseReferralSettings, type ReferralSettings } from "./program-settings";

// The shop's referral program as the conversion side reads it, switched on or not (a refund still
// voids a referral after the program was switched off).

export interface ReferralProgramRow {
  enabled: boolean;
  settings: ReferralSettings;
}

export async function readReferralProgram(db: Db | Tx, shopId: string): Promise<ReferralProgramRow | null> {
  const row = await db.referralProgram.findUnique({ where: { shopId }, select: { enabled: true, settings: true } });
  return row ? { enabled: row.enabled, settings: parseReferralSettings(row.settings) } : null;
}

const programInTransaction = transactionMemo<ReferralProgramRow | null>();

/** The program read once per transaction and shop: a delivery job hands the subscriber many facts of one shop. */
export function referralProgramOnce(tx: Tx, shopId: string): Promise<ReferralProgramRow | null> {
  return programInTransaction(tx, shopId, () => readReferralProgram(tx, shopId));
}
