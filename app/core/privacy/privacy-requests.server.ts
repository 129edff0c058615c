import { z } from "zod";
import type { Db } from "~/db/prisma.server";
import { compareDataRequests, dataRequestDeadline, type DataRequestUrgency } from "./request-deadline";

// The admin's view of the privacy requests a platform forwarded: data requests with their deadline
// and whether the merchant has answered, and redactions with how far the erasure has got. Every
// query names the shop; another shop's request is "not found", never "forbidden".

/** More than any shop receives in a long time; bounds the page all the same. */
const LIST_LIMIT = 200;

export interface DataRequestItem {
  id: string;
  receivedAt: string;
  dueAt: string;
  answeredAt: string | null;
  urgency: DataRequestUrgency;
  /** Whom the export is about; null once a later redaction erased the export. */
  subject: { name: string | null; email: string | null; orderNames: string[] } | null;
}

/** A redaction keeps no trace of the person: only times and counts. */
export interface RedactionItem {
  id: string;
  receivedAt: string;
  completedAt: string | null;
  bodiesScanned: number;
  bodiesScrubbed: number;
}

export interface PrivacyRequests {
  dataRequests: DataRequestItem[];
  redactions: RedactionItem[];
}

const DataRequestRowSchema = z.object({
  id: z.string(),
  receivedAt: z.date(),
  answeredAt: z.date().nullable(),
  hasExport: z.boolean(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  orderNames: z.array(z.string().nullable()).nullable(),
});

function fullName(firstName: string | null, lastName: string | null): string | null {
  const name = [firstName, lastName].map((part) => part?.trim()).filter(Boolean).join(" ");
  return name === "" ? null : name;
}

async function listDataRequests(db: Db, shopId: string, now: Date): Promise<DataRequestItem[]> {
  // Only the few fields the list shows are read out of each export, not the whole document.
  // Open requests come first so the limit can never hide one.
  const raw = await db.$queryRaw<unknown[]>`
    SELECT id::text AS id, "receivedAt", "answeredAt", export IS NOT NULL AS "hasExport",
           export #>> '{customers,0,firstName}' AS "firstName",
           export #>> '{customers,0,lastName}' AS "lastName",
           export #>> '{customers,0,email}' AS email,
           jsonb_path_query_array(export, '$.orders[*].name') AS "orderNames"
    FROM "PrivacyRequest"
    WHERE "shopId" = ${shopId}::uuid AND kind = 'CUSTOMER_DATA_REQUEST'
    ORDER BY "answeredAt" DESC NULLS FIRST, "receivedAt"
    LIMIT ${LIST_LIMIT}`;
  const rows = z.array(DataRequestRowSchema).parse(raw);
  return rows
    .map((row) => ({ row, answeredAt: row.answeredAt, ...dataRequestDeadline(row.receivedAt, row.answeredAt, now) }))
    .sort(compareDataRequests)
    .map(({ row, dueAt, urgency }) => ({
      id: row.id,
      receivedAt: row.receivedAt.toISOString(),
      dueAt: dueAt.toISOString(),
      answeredAt: row.answeredAt?.toISOString() ?? null,
      urgency,
      subject: row.hasExport
        ? {
            name: fullName(row.firstName, row.lastName),
            email: row.email,
            orderNames: (row.orderNames ?? []).filter((name): name is string => name !== null),
          }
        : null,
    }));
}

async function listRedactions(db: Db, shopId: string): Promise<RedactionItem[]> {
  const rows = await db.privacyRequest.findMany({
    where: { shopId, kind: "CUSTOMER_REDACT" },
    select: { id: true, receivedAt: true, completedAt: true, bodiesScanned: true, bodiesScrubbed: true },
    orderBy: { receivedAt: "desc" },
    take: LIST_LIMIT,
  });
  return rows.map((row) => ({
    ...row,
    receivedAt: row.receivedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  }));
}

export async function listPrivacyRequests(db: Db, shopId: string, now: Date): Promise<PrivacyRequests> {
  const [dataRequests, redactions] = await Promise.all([listDataRequests(db, shopId, now), listRedactions(db, shopId)]);
  return { dataRequests, redactions };
}

export type DataRequestExport =
  | { status: "not_found" }
  /** A later redaction of the same person erased the export. */
  | { status: "erased" }
  | { status: "found"; receivedAt: Date; export: unknown };

export async function getDataRequestExport(db: Db, shopId: string, requestId: string): Promise<DataRequestExport> {
  const request = await db.privacyRequest.findFirst({
    where: { id: requestId, shopId, kind: "CUSTOMER_DATA_REQUEST" },
    select: { receivedAt: true, export: true },
  });
  if (!request) return { status: "not_found" };
  if (request.export === null) return { status: "erased" };
  return { status: "found", receivedAt: request.receivedAt, export: request.export };
}

/**
 * Records that the merchant answered the request (or takes it back). Marking an answered request
 * again keeps the first answer's time. False when the shop has no such data request.
 */
export async function setDataRequestAnswered(
  db: Db,
  shopId: string,
  requestId: string,
  answered: boolean,
  now: Date,
): Promise<boolean> {
  const where = { id: requestId, shopId, kind: "CUSTOMER_DATA_REQUEST" } as const;
  const { count } = await db.privacyRequest.updateMany({
    where: answered ? { ...where, answeredAt: null } : where,
    data: { answeredAt: answered ? now : null },
  });
  return count > 0 || (await db.privacyRequest.count({ where })) > 0;
}
