import type { Db } from "~/db/prisma.server";
import { balanceFloor } from "./clawback";
import { appendEntries, lockMember } from "./ledger.server";
import { ledgerOptions, lotExpiry } from "./member-tier.server";
import { activeProgram } from "./program.server";
import { spentPointsPolicy } from "./program-settings";

// A merchant's correction of a member's points, with the reason in their words: a new entry, as
// every correction of the ledger is.

export class AdjustmentRefused extends Error {
  override name = "AdjustmentRefused";
  constructor(readonly reason: "no_program" | "zero" | "no_reason" | "below_floor") {
    super(`Adjustment refused: ${reason}`);
  }
}

export async function adjustPoints(
  db: Db,
  input: { shopId: string; customerId: string; points: number; reason: string; requestKey: string },
  now: Date = new Date(),
): Promise<{ balance: number }> {
  if (!Number.isInteger(input.points) || input.points === 0) throw new AdjustmentRefused("zero");
  const reason = input.reason.trim();
  if (reason === "") throw new AdjustmentRefused("no_reason");
  return db.$transaction(async (tx) => {
    const program = await activeProgram(tx, input.shopId);
    if (!program) throw new AdjustmentRefused("no_program");
    const member = await lockMember(tx, input.shopId, input.customerId);
    if (input.points < 0 && member.balance + input.points < balanceFloor(spentPointsPolicy(program.settings))) {
      throw new AdjustmentRefused("below_floor");
    }
    const { summary } = await appendEntries(
      tx,
      member,
      [
        {
          kind: "adjust",
          points: input.points,
          occurredAt: now,
          sourceKey: `adjust:${input.requestKey}`,
          ruleVersion: program.version,
          reason: reason.slice(0, 500),
          ...(input.points > 0 ? lotExpiry(program, now) : {}),
        },
      ],
      now,
      ledgerOptions(program),
    );
    return { balance: summary.balance };
  });
}
