import type { Db, Tx } from "~/db/prisma.server";
import type { MailKind, MailStatus } from "./mail-kinds";

// The shop's mails as the admin's outbox shows them: newest first, a page at a time, and one
// mail whole (its text and HTML) on request. A customer's erasure takes their mails.

export const MAILS_PER_PAGE = 50;

export interface OutboxRow {
  id: string;
  kind: MailKind;
  status: MailStatus;
  to: string;
  subject: string;
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

export interface OutboxMail extends OutboxRow {
  locale: string;
  text: string;
  html: string;
}

const ROW = { id: true, kind: true, status: true, to: true, subject: true, createdAt: true, sentAt: true, error: true } as const;

function toRow<T extends { kind: string; status: MailStatus; createdAt: Date; sentAt: Date | null }>(mail: T) {
  return { ...mail, kind: mail.kind as MailKind, createdAt: mail.createdAt.toISOString(), sentAt: mail.sentAt?.toISOString() ?? null };
}

export async function listMails(db: Db, shopId: string, page: number): Promise<{ rows: OutboxRow[]; page: number; hasNext: boolean }> {
  const found = await db.mailMessage.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * MAILS_PER_PAGE,
    // One more than a page says whether there is a next one.
    take: MAILS_PER_PAGE + 1,
    select: ROW,
  });
  return { rows: found.slice(0, MAILS_PER_PAGE).map(toRow), page, hasNext: found.length > MAILS_PER_PAGE };
}

export async function mailOf(db: Db, shopId: string, id: string): Promise<OutboxMail | null> {
  const mail = await db.mailMessage.findFirst({ where: { id, shopId }, select: { ...ROW, locale: true, text: true, html: true } });
  return mail ? toRow(mail) : null;
}

/**
 * A customer's erasure: their mails go, address and all (nothing is kept that would name them).
 * No new ones follow: a redacted customer gets no notices.
 */
export async function eraseCustomerMails(tx: Tx, shopId: string, customerIds: readonly string[]): Promise<void> {
  await tx.mailMessage.deleteMany({ where: { shopId, customerId: { in: [...customerIds] } } });
}
