import { createHash } from "node:crypto";
import type { Db } from "~/db/prisma.server";
import { readBalanceCsv, type ImportError, type ImportRow } from "./balance-import";
import { appendEntries, lockMember } from "./ledger.server";
import { ledgerOptions, lotExpiry } from "./member-tier.server";
import { programInForce, type ActiveProgram } from "./program.server";

// Importing the balances a shop's members had in another loyalty app: the file is read and every
// row matched to a customer of the shop; only a file without a single problem is written, all of
// it in one transaction. Each member gets one IMPORT lot keyed by the file's content, so the same
// file imported again (a double click, a retry after a timeout) writes nothing.

export type ImportMode = "preview" | "apply";

export interface ImportSummary {
  /** Rows that are valid and name a customer of the shop. */
  rows: number;
  /** Customers not yet in the program. */
  newMembers: number;
  existingMembers: number;
  /** Rows this same file already imported: importing it again leaves them as they are. */
  alreadyImported: number;
  points: number;
}

/** The errors a result carries at most: enough to fix a file, small enough for a page. */
export const ERRORS_SHOWN = 500;

export type ImportOutcome =
  /** There are no program settings yet: the lots' expiry would follow no rule. */
  | { status: "no_program" }
  | { status: "invalid"; errors: ImportError[]; errorCount: number; summary: ImportSummary }
  | { status: "ready"; summary: ImportSummary }
  /** `imported`: the lots written now, with `points` in all (a file imported before writes none). */
  | { status: "applied"; summary: ImportSummary; imported: number; points: number };

/** Big enough to keep the statements few, small enough for PostgreSQL's parameter limit. */
const CHUNK = 1_000;
/** A file of the most rows allowed writes a few statements per member: minutes, not the default 5 s. */
const APPLY_TIMEOUT_MS = 10 * 60_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) result.push(items.slice(start, start + CHUNK));
  return result;
}

/** The source key of a member's lot from one file: the same file, the same key. */
export function importSourceKey(fileHash: string, customerId: string): string {
  return `import:${fileHash}:${customerId}`;
}

/** The shop's program in its current settings, switched on or not: a shop imports before launching. */
async function currentProgram(db: Db, shopId: string): Promise<ActiveProgram | null> {
  return programInForce(db, shopId, { evenIfOff: true });
}

interface MatchedRow extends ImportRow {
  customerId: string;
}

/**
 * The shop's customer of each row: by the platform's id first, then by e-mail among customer
 * accounts (a guest has no account to collect or spend points with). Erased and deleted customers
 * never match; neither do another shop's.
 */
async function matchCustomers(
  db: Db,
  shopId: string,
  rows: readonly ImportRow[],
  columns: { email?: string; platformId?: string },
): Promise<{ matched: MatchedRow[]; errors: ImportError[] }> {
  const live = { shopId, redactedAt: null, deletedAt: null };
  const ids = [...new Set(rows.flatMap((row) => (row.platformId === null ? [] : [row.platformId])))];
  const emails = [...new Set(rows.flatMap((row) => (row.email === null ? [] : [row.email])))];
  const byId = new Map<string, string>();
  const byEmail = new Map<string, string[]>();
  for (const part of chunks(ids)) {
    const found = await db.customer.findMany({ where: { ...live, platformId: { in: part } }, select: { id: true, platformId: true } });
    for (const customer of found) byId.set(customer.platformId!, customer.id);
  }
  for (const part of chunks(emails)) {
    const found = await db.customer.findMany({
      where: { ...live, isGuest: false, emailNormalized: { in: part } },
      select: { id: true, emailNormalized: true },
    });
    for (const customer of found) byEmail.set(customer.emailNormalized!, [...(byEmail.get(customer.emailNormalized!) ?? []), customer.id]);
  }

  const matched: MatchedRow[] = [];
  const errors: ImportError[] = [];
  const lineOfCustomer = new Map<string, number>();
  for (const row of rows) {
    const fromId = row.platformId === null ? undefined : byId.get(row.platformId);
    const fromEmail = row.email === null ? [] : (byEmail.get(row.email) ?? []);
    const customerId = fromId ?? (fromEmail.length === 1 ? fromEmail[0] : undefined);
    const column = (fromId === undefined && row.email !== null ? columns.email : columns.platformId) ?? null;
    if (customerId === undefined) {
      errors.push({ line: row.line, column, code: fromEmail.length > 1 ? "ambiguous_email" : "unknown_customer" });
    } else if (lineOfCustomer.has(customerId)) {
      // Two rows, one by id and one by e-mail, that turn out to be the same customer.
      errors.push({ line: row.line, column, code: "duplicate_customer" });
    } else {
      lineOfCustomer.set(customerId, row.line);
      matched.push({ ...row, customerId });
    }
  }
  return { matched, errors };
}

async function summarizeImport(db: Db, shopId: string, rows: readonly MatchedRow[], fileHash: string): Promise<ImportSummary> {
  let existingMembers = 0;
  let alreadyImported = 0;
  for (const part of chunks(rows)) {
    existingMembers += await db.loyaltyMember.count({ where: { shopId, customerId: { in: part.map((row) => row.customerId) } } });
    alreadyImported += await db.loyaltyEntry.count({
      where: { shopId, sourceKey: { in: part.map((row) => importSourceKey(fileHash, row.customerId)) } },
    });
  }
  return {
    rows: rows.length,
    newMembers: rows.length - existingMembers,
    existingMembers,
    alreadyImported,
    points: rows.reduce((sum, row) => sum + row.points, 0),
  };
}

/**
 * Reads and checks a balance file for the shop; in "apply" mode, and only when nothing is wrong
 * with any row, writes every row in one transaction.
 */
export async function importBalances(db: Db, shopId: string, file: Uint8Array, mode: ImportMode, now: Date): Promise<ImportOutcome> {
  const program = await currentProgram(db, shopId);
  if (!program) return { status: "no_program" };
  const read = readBalanceCsv(file, now);
  const { matched, errors: matchErrors } = await matchCustomers(db, shopId, read.rows, read.columns);
  const fileHash = createHash("sha256").update(file).digest("hex");
  const summary = await summarizeImport(db, shopId, matched, fileHash);
  const errors = [...read.errors, ...matchErrors].sort((a, b) => a.line - b.line);
  if (errors.length > 0) return { status: "invalid", errors: errors.slice(0, ERRORS_SHOWN), errorCount: errors.length, summary };
  if (mode === "preview") return { status: "ready", summary };

  const written = await db.$transaction(
    async (tx) => {
      const lots = { imported: 0, points: 0 };
      for (const row of matched) {
        // Locking makes the member (a customer with nothing to import still joins the program).
        const member = await lockMember(tx, shopId, row.customerId);
        if (row.points === 0) continue;
        const { written: entries } = await appendEntries(
          tx,
          member,
          [
            {
              kind: "import",
              points: row.points,
              occurredAt: now,
              ...lotExpiry(program, now),
              // The file's own date wins over the program's rule: the points were earned elsewhere.
              ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
              sourceKey: importSourceKey(fileHash, row.customerId),
              ruleVersion: program.version,
              reason: row.note,
            },
          ],
          now,
          ledgerOptions(program),
        );
        for (const entry of entries) {
          lots.imported += 1;
          lots.points += entry.points;
        }
      }
      return lots;
    },
    { timeout: APPLY_TIMEOUT_MS, maxWait: 30_000 },
  );
  return { status: "applied", summary, ...written };
}
