import { fullName } from "~/core/customers/customer-queries.server";
import type { Db } from "~/db/prisma.server";
import type { MemberListParams } from "./member-list-params";
import { settingsVersion } from "./program.server";

// The members list: one page of a shop's loyalty members with their customer, sorted and
// filtered by tier. Plain JSON: times as ISO strings.

export const MEMBER_PAGE_SIZE = 25;

export interface MemberRow {
  id: string;
  customerId: string;
  /** "First Last"; null when unknown or erased. */
  name: string | null;
  email: string | null;
  redacted: boolean;
  balance: number;
  available: number;
  pending: number;
  tierId: string | null;
  lastActivityAt: string | null;
}

export interface MemberTier {
  id: string;
  name: { de: string; en: string };
}

export interface MemberPage {
  rows: MemberRow[];
  totalCount: number;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  /** The tiers of the program's settings in force, to name a member's tier and filter by it. */
  tiers: MemberTier[];
}

async function programTiers(db: Db, shopId: string): Promise<MemberTier[]> {
  const program = await db.loyaltyProgram.findUnique({ where: { shopId } });
  if (!program) return [];
  const settings = await settingsVersion(db, program.id, program.version);
  return settings.tiers.levels.map(({ id, name }) => ({ id, name }));
}

export async function listMembers(db: Db, shopId: string, params: MemberListParams): Promise<MemberPage> {
  const where = { shopId, ...(params.tierId === null ? {} : { tierId: params.tierId }) };
  // Members without any activity come last in either direction; the id keeps pages from overlapping.
  const orderBy =
    params.sort === "balance"
      ? [{ balance: params.direction }, { id: "asc" as const }]
      : [{ lastActivityAt: { sort: params.direction, nulls: "last" as const } }, { id: "asc" as const }];
  const [totalCount, members, tiers] = await Promise.all([
    db.loyaltyMember.count({ where }),
    db.loyaltyMember.findMany({
      where,
      orderBy,
      skip: (params.page - 1) * MEMBER_PAGE_SIZE,
      take: MEMBER_PAGE_SIZE + 1,
      select: {
        id: true,
        customerId: true,
        balance: true,
        available: true,
        pending: true,
        tierId: true,
        lastActivityAt: true,
        customer: { select: { firstName: true, lastName: true, email: true, redactedAt: true } },
      },
    }),
    programTiers(db, shopId),
  ]);
  return {
    rows: members.slice(0, MEMBER_PAGE_SIZE).map(({ customer, lastActivityAt, ...member }) => {
      const redacted = customer.redactedAt !== null;
      return {
        ...member,
        // Redaction already nulls these columns; not relying on it keeps the page safe regardless.
        name: redacted ? null : fullName(customer.firstName, customer.lastName),
        email: redacted ? null : customer.email,
        redacted,
        lastActivityAt: lastActivityAt?.toISOString() ?? null,
      };
    }),
    totalCount,
    page: params.page,
    hasPrevious: params.page > 1,
    hasNext: members.length > MEMBER_PAGE_SIZE,
    tiers,
  };
}
