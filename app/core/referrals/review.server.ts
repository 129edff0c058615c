import type { Db } from "~/db/prisma.server";
import { enqueueSettle } from "./settle.job.server";

// The merchant's review of referrals the fraud score held back (design step 7): approved, a
// referral waits for its return window like one the score let through; rejected, it is closed.
// Many at once (the admin's bulk action); a referral not in review is left as it is and reported.

export type ReviewDecision = "approve" | "reject";

export type ReviewOutcome = "approved" | "rejected" | "not_in_review" | "not_found";

export interface ReviewResult {
  id: string;
  outcome: ReviewOutcome;
  /** The status the referral has now (null: no such referral in the shop). */
  status: string | null;
}

export async function reviewReferrals(db: Db, shopId: string, ids: readonly string[], decision: ReviewDecision, now: Date): Promise<ReviewResult[]> {
  const unique = [...new Set(ids)];
  return db.$transaction(async (tx) => {
    // Locked, so a second review of the same referrals waits and then finds them decided.
    const rows = await tx.$queryRaw<Array<{ id: string; status: string; returnWindowEndsAt: Date | null }>>`
      SELECT id::text, status::text, "returnWindowEndsAt" FROM "Referral"
      WHERE "shopId" = ${shopId}::uuid AND id::text = ANY(${unique}::text[])
      ORDER BY id FOR UPDATE`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const results: ReviewResult[] = [];
    for (const id of unique) {
      const row = byId.get(id);
      if (!row) {
        results.push({ id, outcome: "not_found", status: null });
        continue;
      }
      if (row.status !== "REVIEW") {
        results.push({ id, outcome: "not_in_review", status: row.status });
        continue;
      }
      if (decision === "approve") {
        await tx.referral.update({ where: { id }, data: { status: "PENDING", reviewedAt: now } });
        const windowEnd = row.returnWindowEndsAt ?? now;
        await enqueueSettle(tx, id, windowEnd.getTime() > now.getTime() ? windowEnd : now);
        results.push({ id, outcome: "approved", status: "PENDING" });
      } else {
        await tx.referral.update({ where: { id }, data: { status: "REJECTED", closedReason: "merchant", reviewedAt: now } });
        results.push({ id, outcome: "rejected", status: "REJECTED" });
      }
    }
    return results;
  });
}
