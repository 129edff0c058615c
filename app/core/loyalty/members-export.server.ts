import { CSV_BOM, csvLine, csvSeparator } from "~/core/csv";
import { fullName } from "~/core/customers/customer-queries.server";
import { isRedactedPlatformId } from "~/core/privacy/redaction-keys";
import type { Db } from "~/db/prisma.server";
import { formatDateTime } from "~/i18n/format";
import { createTranslator, type Locale } from "~/i18n/translate";
import { settingsVersion } from "./program.server";

// All of a shop's loyalty members as one CSV file for Excel, in the merchant's language. Read a
// page of 1,000 at a time and handed out as it is read, so a shop with many members is never held
// in memory whole. The e-mail, customer id and points columns carry headings the balance import
// recognizes, so a file from this export can be imported elsewhere.

export const EXPORT_PAGE_SIZE = 1_000;

async function tierNames(db: Db, shopId: string, locale: Locale): Promise<Map<string, string>> {
  const program = await db.loyaltyProgram.findUnique({ where: { shopId } });
  if (!program) return new Map();
  const settings = await settingsVersion(db, program.id, program.version);
  return new Map(settings.tiers.levels.map((tier) => [tier.id, tier.name[locale]]));
}

/** One page of members in id order, after the last one of the page before. */
function memberPage(db: Db, shopId: string, after: string | null) {
  return db.loyaltyMember.findMany({
    where: { shopId, ...(after === null ? {} : { id: { gt: after } }) },
    orderBy: { id: "asc" },
    take: EXPORT_PAGE_SIZE,
    select: {
      id: true,
      balance: true,
      available: true,
      pending: true,
      tierId: true,
      lastActivityAt: true,
      customer: { select: { email: true, firstName: true, lastName: true, platformId: true, redactedAt: true } },
    },
  });
}

/** The file in pieces: BOM and header first, then one piece per page of members. */
export async function* membersCsv(db: Db, shopId: string, locale: Locale): AsyncGenerator<string> {
  const t = createTranslator(locale);
  const separator = csvSeparator(locale);
  const tiers = await tierNames(db, shopId, locale);
  yield CSV_BOM +
    csvLine(
      [
        t("loyaltyImport.export.column.email"),
        t("loyaltyImport.export.column.name"),
        t("loyaltyImport.export.column.customerId"),
        t("loyaltyImport.export.column.balance"),
        t("loyaltyImport.export.column.available"),
        t("loyaltyImport.export.column.pending"),
        t("loyaltyImport.export.column.tier"),
        t("loyaltyImport.export.column.lastActivity"),
      ],
      separator,
    );
  let after: string | null = null;
  for (;;) {
    const members = await memberPage(db, shopId, after);
    if (members.length === 0) return;
    yield members
      .map(({ customer, ...member }) => {
        // Redaction already nulls these columns; not relying on it keeps the file safe regardless.
        const redacted = customer.redactedAt !== null;
        return csvLine(
          [
            redacted ? "" : (customer.email ?? ""),
            redacted ? "" : (fullName(customer.firstName, customer.lastName) ?? ""),
            isRedactedPlatformId(customer.platformId) ? "" : (customer.platformId ?? ""),
            String(member.balance),
            String(member.available),
            String(member.pending),
            // A tier the settings no longer hold is still the member's until the next evaluation.
            member.tierId === null ? "" : (tiers.get(member.tierId) ?? member.tierId),
            formatDateTime(locale, member.lastActivityAt?.toISOString() ?? null) ?? "",
          ],
          separator,
        );
      })
      .join("");
    if (members.length < EXPORT_PAGE_SIZE) return;
    after = members[members.length - 1]!.id;
  }
}
