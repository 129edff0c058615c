import type { Db } from "~/db/prisma.server";
import { normalizeReferralCode } from "./codes";
import { activeReferralProgram } from "./program.server";
import type { VisitorKeys } from "./visitor-keys";

// A visit through an advocate's link. Only a running program's known codes count: a link to an
// unknown code or a switched-off program records nothing (the visitor just lands on the shop).

export interface ReferralClickInput {
  shopId: string;
  /** As it came in the link. */
  code: string;
  visitor: VisitorKeys;
  at: Date;
}

/** Records the click; returns the code as stored, or null when nothing was recorded. */
export async function recordReferralClick(db: Db, input: ReferralClickInput): Promise<string | null> {
  if (!(await activeReferralProgram(db, input.shopId))) return null;
  const code = await db.referralCode.findUnique({
    where: { shopId_code: { shopId: input.shopId, code: normalizeReferralCode(input.code) } },
    select: { id: true, code: true },
  });
  if (!code) return null;
  await db.referralClick.create({ data: { shopId: input.shopId, codeId: code.id, ipKey: input.visitor.ipKey, deviceKey: input.visitor.deviceKey, at: input.at } });
  return code.code;
}
